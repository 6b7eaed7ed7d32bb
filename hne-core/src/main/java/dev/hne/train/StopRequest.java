package dev.hne.train;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A request to stop training at the next step boundary, made from another thread: the CLI's
 * signal handler ({@code dev.hne.cli.StopSignals}, on SIGTERM or Ctrl-C) or a test. The
 * {@link Trainer} reads it between two steps, saves a mid-epoch checkpoint and throws
 * {@link TrainingStopped}; it never interrupts a step, so what it saves is a state an
 * uninterrupted run also passes through.
 */
public final class StopRequest {

    /**
     * Why training stops.
     *
     * @param name     what asked, for the message ("SIGTERM", "SIGINT")
     * @param exitCode what the CLI exits with: 128 + the signal number by the shell's convention
     *                 (143 for SIGTERM, 130 for SIGINT), so a scheduler sees "ended by that signal"
     */
    public record Cause(String name, int exitCode) {}

    private final AtomicReference<Cause> cause = new AtomicReference<>();

    /** Asks the trainer to stop; returns false when a stop had already been asked (the first cause stays). */
    public boolean request(String name, int exitCode) {
        return cause.compareAndSet(null, new Cause(name, exitCode));
    }

    public boolean isRequested() {
        return cause.get() != null;
    }

    /** The first request's cause, or null when none was made. */
    public Cause cause() {
        return cause.get();
    }
}
