package dev.hne.train;

import dev.hne.engine.nn.Parameter;
import java.util.Map;

/**
 * Training stopped because the loss or the weights stopped being finite numbers (NaN or
 * infinity: usually a learning rate far too large). Thrown at the first such step, before the
 * step's update and before any checkpoint could store the broken weights, so the checkpoint on
 * disk is the last good one. The message is one line naming the epoch and step; the CLI prints it
 * and exits with 2.
 */
public final class TrainingDiverged extends RuntimeException {

    private TrainingDiverged(String message) {
        super(message);
    }

    /** Throws when the loss of step {@code step} (0-based) of epoch {@code epoch} (0-based) is not finite. */
    static void checkLoss(double loss, int epoch, int step, int steps, String kept) {
        if (!Double.isFinite(loss)) {
            throw new TrainingDiverged("training diverged: the loss is " + loss + " at epoch " + (epoch + 1) + ", step "
                    + (step + 1) + " of " + steps + " (try a smaller --lr); " + kept);
        }
    }

    /** Throws when any parameter holds a non-finite value after {@code steps} steps of epoch {@code epoch}. */
    static void checkWeights(Map<String, Parameter> parameters, int epoch, int steps, String kept) {
        for (var e : parameters.entrySet()) {
            for (float v : e.getValue().value().toArray()) {
                if (!Float.isFinite(v)) {
                    throw new TrainingDiverged("training diverged: parameter " + e.getKey() + " is " + v
                            + " after epoch " + (epoch + 1) + ", step " + steps + " (try a smaller --lr); " + kept);
                }
            }
        }
    }
}
