package dev.hne.serve;

/** A problem the user can fix (a bad option, a missing file): {@code ./hne serve} exits 2 with its one-line message. */
public final class ServeException extends RuntimeException {
    public ServeException(String message) {
        super(message);
    }
}
