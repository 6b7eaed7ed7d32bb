package dev.hne.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run is inside an epoch: the steps done and the running sums the epoch's record is made
 * of. A mid-epoch checkpoint stores it next to the weights, velocities and history, and that is
 * all the state there is: the loader's order and augmentation are pure functions of (seed, epoch,
 * index), so "step k of epoch e" says exactly which batches come next, and the learning rate is a
 * function of (epoch, step). No random-number generator state exists to save.
 *
 * <p>The sums are doubles written with {@link Double#toString}, which reads back to the same bits,
 * so a resumed epoch's train loss equals the uninterrupted one's exactly.
 *
 * @param epoch   the epoch in progress, 0-based (= epochs completed)
 * @param step    steps done in it (0..steps)
 * @param steps   steps the epoch has; a checkpoint of another length cannot continue this run
 * @param lossSum sum of the steps' reported losses so far (this rank's, or the job's in a checkpoint)
 * @param correct correct predictions on the training batches so far
 * @param seen    training images so far
 * @param seconds training time spent in the epoch so far (not part of what is reproduced)
 */
public record MidEpoch(int epoch, int step, int steps, double lossSum, long correct, long seen, double seconds) {

    static final String STEP = "mid_epoch_step";
    static final String STEPS = "mid_epoch_steps";
    static final String LOSS_SUM = "mid_epoch_loss_sum";
    static final String CORRECT = "mid_epoch_correct";
    static final String SEEN = "mid_epoch_seen";
    static final String SECONDS = "mid_epoch_seconds";

    /** The start of {@code epoch}. */
    public static MidEpoch start(int epoch, int steps) {
        return new MidEpoch(epoch, 0, steps, 0, 0, 0, 0);
    }

    /** The position after one more step with these results. */
    MidEpoch after(double loss, int stepCorrect, int images, double secondsNow) {
        return new MidEpoch(epoch, step + 1, steps, lossSum + loss, correct + stepCorrect, seen + images, secondsNow);
    }

    /** The same position with the running sums replaced (summed over ranks, or zeroed). */
    MidEpoch withSums(double lossSum, long correct, long seen) {
        return new MidEpoch(epoch, step, steps, lossSum, correct, seen, seconds);
    }

    /** Checkpoint metadata of this position (its epoch is the checkpoint's {@code epoch}). */
    Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(STEP, Integer.toString(step));
        m.put(STEPS, Integer.toString(steps));
        m.put(LOSS_SUM, Double.toString(lossSum));
        m.put(CORRECT, Long.toString(correct));
        m.put(SEEN, Long.toString(seen));
        m.put(SECONDS, Double.toString(seconds));
        return m;
    }

    /** The position a checkpoint was saved at, or null for one saved at the end of an epoch. */
    static MidEpoch of(Checkpoints.Loaded c) {
        if (c.metadata().get(STEP) == null) {
            return null;
        }
        try {
            MidEpoch at = new MidEpoch(c.epoch(), c.getInt(STEP), c.getInt(STEPS), Double.parseDouble(c.get(LOSS_SUM)),
                    c.getLong(CORRECT), c.getLong(SEEN), Double.parseDouble(c.get(SECONDS)));
            if (at.step < 0 || at.step > at.steps) {
                throw new Checkpoints.CheckpointException(c.file() + ": mid-epoch step " + at.step + " is outside 0.."
                        + at.steps);
            }
            return at;
        } catch (NumberFormatException e) {
            throw new Checkpoints.CheckpointException(c.file() + ": unreadable mid-epoch position (" + e.getMessage() + ")");
        }
    }

    /** "epoch 2, step 5 of 12" (1-based epoch, for people). */
    String describe() {
        return "epoch " + (epoch + 1) + ", step " + step + " of " + steps;
    }
}
