package dev.hne.engine.dist;

/** A collective library that cannot be loaded or a call that failed; the message names which. */
public final class CollectiveException extends RuntimeException {
    public CollectiveException(String message) {
        super(message);
    }
}
