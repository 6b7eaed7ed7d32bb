package dev.hne.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which epoch {@code best.safetensors} holds: the one whose final answer (the full ensemble, n = N;
 * an anytime network's last exit) was most accurate on the run's HELD-OUT split ({@code --holdout
 * H}: the last H training images, never trained on; {@link RunData}). Never chosen on the test
 * split: an epoch picked for its test accuracy makes that accuracy an optimistic estimate. A run
 * without a held-out split has no best epoch. Ties keep the earlier epoch.
 *
 * <p>Stored in every checkpoint's metadata, so a resumed run keeps comparing against the same best.
 */
public final class BestEpoch {

    static final String EPOCH = "best_epoch";
    static final String ACCURACY = "best_holdout_accuracy";
    /** The metric's name in summary.json. */
    public static final String METRIC = "holdout_accuracy";

    private int epoch;          // 1-based; 0 = none yet
    private double accuracy = -1;

    /** Offers epoch {@code epoch}'s held-out accuracy; returns whether it is the new best. */
    boolean offer(int epoch, double holdoutAccuracy) {
        if (holdoutAccuracy > accuracy) {
            this.epoch = epoch;
            this.accuracy = holdoutAccuracy;
            return true;
        }
        return false;
    }

    /** 1-based epoch of the best so far; 0 when there is none. */
    public int epoch() {
        return epoch;
    }

    public double accuracy() {
        return accuracy;
    }

    Map<String, String> metadata() {
        return epoch == 0 ? Map.of() : Map.of(EPOCH, Integer.toString(epoch), ACCURACY, Double.toString(accuracy));
    }

    /** Restores the best of a checkpoint (none when it has none). */
    void load(Checkpoints.Loaded c) {
        epoch = 0;
        accuracy = -1;
        if (c.metadata().get(EPOCH) != null) {
            epoch = c.getInt(EPOCH);
            try {
                accuracy = Double.parseDouble(c.get(ACCURACY));
            } catch (NumberFormatException e) {
                throw new Checkpoints.CheckpointException(c.file() + ": metadata '" + ACCURACY + "' is not a number: "
                        + c.get(ACCURACY));
            }
        }
    }

    /**
     * What summary.json says: {@code best_epoch} (null without a held-out split) and the metric
     * it was chosen on.
     *
     * @param holdout images in the held-out split (0 = none)
     */
    Map<String, Object> summary(int holdout) {
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("name", METRIC);
        if (holdout == 0) {
            metric.put("note", "no held-out split (train with --holdout H): no best epoch is chosen, never on the test split");
        } else {
            metric.put("split", String.format(Locale.ROOT, "holdout: the last %d training images, never trained on", holdout));
            metric.put("output", "the final answer: the full ensemble (n = N), or the last exit");
            metric.put("value", epoch == 0 ? null : accuracy);
            metric.put("file", CheckpointPolicy.BEST);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("best_epoch", epoch == 0 ? null : epoch);
        m.put("best_metric", metric);
        return m;
    }
}
