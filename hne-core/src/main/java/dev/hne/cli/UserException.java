package dev.hne.cli;

/** A problem with what the user asked for; the CLI prints its message as one line and exits with 2. */
public final class UserException extends RuntimeException {

    public UserException(String message) {
        super(message);
    }
}
