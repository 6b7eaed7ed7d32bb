package dev.hne.anytime;

import dev.hne.engine.Tensor;
import java.util.List;

/**
 * What an anytime evaluation returns: the ensemble logits (N, K), the logits (N, K) of every
 * evaluated leaf in evaluation order, and which leaves those were.
 */
public record EnsembleOutput(Tensor ensemble, List<Tensor> leafLogits, int[] leaves) {

    public EnsembleOutput {
        leafLogits = List.copyOf(leafLogits);
        leaves = leaves.clone();
    }

    /** The number of models evaluated. */
    public int models() {
        return leaves.length;
    }

    @Override
    public int[] leaves() {
        return leaves.clone();
    }
}
