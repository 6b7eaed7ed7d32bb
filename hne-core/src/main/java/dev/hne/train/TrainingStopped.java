package dev.hne.train;

/**
 * Training stopped on a {@link StopRequest} (SIGTERM, Ctrl-C) at a step boundary, after its state
 * was saved. The message is one line saying where it stopped and what to run to continue; the CLI
 * prints it and exits with {@link #exitCode()}.
 */
public final class TrainingStopped extends RuntimeException {

    private final int exitCode;

    TrainingStopped(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** 128 + the signal number (143 for SIGTERM, 130 for SIGINT): see {@link StopRequest.Cause}. */
    public int exitCode() {
        return exitCode;
    }
}
