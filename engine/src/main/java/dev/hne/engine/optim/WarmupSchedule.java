package dev.hne.engine.optim;

/**
 * Linear warm-up in front of another schedule (Goyal et al., "Accurate, Large Minibatch SGD"):
 * for {@code t < warmupEpochs} the rate is {@code inner.at(t) * f(t)}, with the factor
 * {@code f(t) = startFactor + (1 - startFactor) * t / warmupEpochs} rising linearly from
 * {@code startFactor} to 1; from {@code warmupEpochs} on it is {@code inner.at(t)} unchanged.
 * This is PyTorch's {@code LinearLR(start_factor, total_iters)} chained with the inner scheduler.
 *
 * <p>The inner schedule sees the same clock, not one shifted by the warm-up: milestones at 60 stay
 * at 60. For a constant or step inner schedule the warm-up is a straight line to its value; for a
 * cosine it follows the (slowly falling) cosine scaled by f, and joins it without a jump.
 * Sample per iteration ({@link LrSchedule#at(int, int, int)}), or a one-epoch warm-up has a
 * single step.
 *
 * @param inner        the schedule after warm-up
 * @param warmupEpochs warm-up length in epochs, finite and >= 0 (0 means no warm-up)
 * @param startFactor  the fraction of the inner rate at epoch 0, in [0, 1]
 */
public record WarmupSchedule(LrSchedule inner, double warmupEpochs, double startFactor) implements LrSchedule {

    public WarmupSchedule {
        if (inner == null) {
            throw new IllegalArgumentException("WarmupSchedule: inner schedule must not be null");
        }
        if (!Double.isFinite(warmupEpochs) || warmupEpochs < 0) {
            throw new IllegalArgumentException("WarmupSchedule: warmupEpochs must be a finite number >= 0, got " + warmupEpochs);
        }
        if (!(startFactor >= 0 && startFactor <= 1)) { // also rejects NaN
            throw new IllegalArgumentException("WarmupSchedule: startFactor must be in [0, 1], got " + startFactor);
        }
    }

    /** Warm-up from 0. */
    public WarmupSchedule(LrSchedule inner, double warmupEpochs) {
        this(inner, warmupEpochs, 0.0);
    }

    @Override
    public double at(double epoch) {
        ScheduleArgs.epoch("WarmupSchedule", epoch);
        double lr = inner.at(epoch);
        if (epoch >= warmupEpochs) {
            return lr;
        }
        return lr * (startFactor + (1 - startFactor) * epoch / warmupEpochs);
    }
}
