package dev.hne.engine.optim;

/**
 * A learning rate as a function of training time, measured in fractional epochs.
 *
 * <p>Time is one number, {@code epoch = completedEpochs + step / stepsPerEpoch}, so the same
 * schedule can be sampled once per epoch (pass whole numbers, as PyTorch's epoch-wise
 * {@code scheduler.step()} does) or once per iteration (pass the fraction, for smooth warm-up and
 * cosine decay). Schedules are pure functions of time: no hidden step counter, so resuming from a
 * checkpoint only needs the epoch number, and calling twice gives the same answer.
 *
 * <p>Not an optimizer hook: whoever runs the training loop asks for {@code at(...)} and sets the
 * optimizer's learning rate.
 *
 * <p>Implementations: {@link ConstantSchedule}, {@link MultiStepSchedule}, {@link CosineSchedule},
 * and {@link WarmupSchedule}, which wraps any of them.
 */
public interface LrSchedule {

    /**
     * The learning rate at {@code epoch} fractional epochs since the start of training.
     *
     * @throws IllegalArgumentException if {@code epoch} is negative or not finite
     */
    double at(double epoch);

    /**
     * The learning rate for iteration {@code step} (0-based) of epoch {@code epoch} (0-based): the
     * same as {@code at(epoch + (double) step / stepsPerEpoch)}.
     */
    default double at(int epoch, int step, int stepsPerEpoch) {
        if (stepsPerEpoch <= 0 || step < 0 || step >= stepsPerEpoch || epoch < 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": need epoch >= 0 and 0 <= step < stepsPerEpoch, got epoch="
                    + epoch + " step=" + step + " stepsPerEpoch=" + stepsPerEpoch);
        }
        return at(epoch + (double) step / stepsPerEpoch);
    }
}
