package dev.hne.engine.optim;

/**
 * Argument checks shared by the schedules, so that every rejection reads
 * {@code "<Schedule>: <argument> must be <rule>, got <value>"}. Not public API.
 */
final class ScheduleArgs {

    private ScheduleArgs() {}

    /** A learning rate (or similar rate): finite and >= 0. */
    static double rate(String schedule, String name, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(schedule + ": " + name + " must be a finite number >= 0, got " + value);
        }
        return value;
    }

    /** A length of time in epochs: finite and > 0. */
    static double positive(String schedule, String name, double value) {
        if (!Double.isFinite(value) || value <= 0) {
            throw new IllegalArgumentException(schedule + ": " + name + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    /** The time argument of {@link LrSchedule#at(double)}. */
    static double epoch(String schedule, double epoch) {
        if (!Double.isFinite(epoch) || epoch < 0) {
            throw new IllegalArgumentException(schedule + ": epoch must be a finite number >= 0, got " + epoch);
        }
        return epoch;
    }
}
