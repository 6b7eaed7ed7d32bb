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

    /**
     * The stop at step boundary {@code at} of a pass over the epoch that began at {@code from},
     * after the mid-epoch checkpoint was written (when {@code at} is past {@code from}).
     *
     * @param cause      the request's cause; null on a rank of a data-parallel job that was not signalled itself
     * @param epochsDone epochs complete (last.safetensors holds them)
     */
    static TrainingStopped at(StopRequest.Cause cause, MidEpoch from, MidEpoch at, int epochsDone,
                              CheckpointPolicy files) {
        StopRequest.Cause c = cause != null ? cause : new StopRequest.Cause("a stop request on another rank", 143);
        String where;
        if (at.step() > 0) {
            where = "at " + at.describe() + ": " + (at.step() > from.step() ? "saved " : "kept ") + files.midEpoch()
                    + "; continue with the same command and --resume";
        } else if (epochsDone > 0) {
            where = "after epoch " + epochsDone + ": " + files.last() + " holds it; continue with the same command and"
                    + " --resume";
        } else {
            where = "before the first step: nothing was trained or saved";
        }
        return new TrainingStopped("stopped by " + c.name() + " " + where, c.exitCode());
    }

    /** 128 + the signal number (143 for SIGTERM, 130 for SIGINT): see {@link StopRequest.Cause}. */
    public int exitCode() {
        return exitCode;
    }
}
