package dev.hne.engine.optim;

/**
 * Cosine annealing from {@code baseLr} down to {@code minLr} over {@code totalEpochs}, as PyTorch's
 * {@code CosineAnnealingLR(T_max=totalEpochs, eta_min=minLr)}:
 * <pre>  lr(t) = minLr + (baseLr - minLr) * (1 + cos(pi * t / totalEpochs)) / 2</pre>
 * Fractional {@code t} gives the per-iteration curve.
 *
 * <p>One deliberate difference: PyTorch keeps following the cosine past T_max, so the rate climbs
 * again; here it stays at {@code minLr} after {@code totalEpochs}, which is what a training run
 * that overshoots by an epoch wants. No warm restarts (that is SGDR, not this).
 *
 * @param baseLr      the rate at epoch 0, finite and >= 0
 * @param totalEpochs the length of the decay in epochs, > 0
 * @param minLr       the rate at and after {@code totalEpochs}, 0 <= minLr <= baseLr
 */
public record CosineSchedule(double baseLr, double totalEpochs, double minLr) implements LrSchedule {

    public CosineSchedule {
        ScheduleArgs.rate("CosineSchedule", "baseLr", baseLr);
        ScheduleArgs.positive("CosineSchedule", "totalEpochs", totalEpochs);
        ScheduleArgs.rate("CosineSchedule", "minLr", minLr);
        if (minLr > baseLr) {
            throw new IllegalArgumentException("CosineSchedule: minLr must not exceed baseLr " + baseLr + ", got " + minLr);
        }
    }

    /** Decays all the way to zero, PyTorch's default {@code eta_min=0}. */
    public CosineSchedule(double baseLr, double totalEpochs) {
        this(baseLr, totalEpochs, 0.0);
    }

    @Override
    public double at(double epoch) {
        ScheduleArgs.epoch("CosineSchedule", epoch);
        if (epoch >= totalEpochs) {
            return minLr;
        }
        return minLr + (baseLr - minLr) * (1 + Math.cos(Math.PI * epoch / totalEpochs)) / 2;
    }
}
