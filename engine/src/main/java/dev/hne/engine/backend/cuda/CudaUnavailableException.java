package dev.hne.engine.backend.cuda;

/**
 * The CUDA backend cannot run on this machine; the message names what is missing (a library and the
 * version that was looked for, no device, a driver too old) in one line a user can act on.
 */
public final class CudaUnavailableException extends RuntimeException {
    public CudaUnavailableException(String message) {
        super(message);
    }

    public CudaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
