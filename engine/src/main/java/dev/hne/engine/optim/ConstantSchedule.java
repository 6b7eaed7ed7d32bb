package dev.hne.engine.optim;

/**
 * The same learning rate at every epoch; the baseline, and the inner schedule for warm-up alone.
 *
 * @param lr the learning rate, finite and >= 0
 */
public record ConstantSchedule(double lr) implements LrSchedule {

    public ConstantSchedule {
        ScheduleArgs.rate("ConstantSchedule", "lr", lr);
    }

    @Override
    public double at(double epoch) {
        ScheduleArgs.epoch("ConstantSchedule", epoch);
        return lr;
    }
}
