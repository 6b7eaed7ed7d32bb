package dev.hne.serve;

/** A request the server refuses with 400; the message is the one line the client gets back. */
public final class BadRequest extends RuntimeException {
    public BadRequest(String message) {
        super(message.replace('\n', ' '), null, false, false);   // no stack trace: it is the client's mistake
    }
}
