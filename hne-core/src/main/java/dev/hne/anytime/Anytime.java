package dev.hne.anytime;

import dev.hne.engine.Tensor;
import dev.hne.tree.HneTree;

/**
 * One-shot anytime evaluation: the ensemble of the first n leaves (any n in 1..N) in a leaf order,
 * computing only the nodes on their paths, each level as one grouped pass (see {@link HneTree}).
 * For evaluating n = 1, 2, ... in turn without recomputing shared nodes, use
 * {@link ProgressiveEvaluator}. Runs in whatever grad mode and train/eval mode the caller set.
 */
public final class Anytime {

    private Anytime() {}

    /** @param x (N, C, H, W) images */
    public static EnsembleOutput evaluate(HneTree tree, Tensor x, int n, LeafOrder order) {
        int[] leaves = order.first(n, tree.leaves());
        var logits = tree.forwardLeaves(x, leaves);
        return new EnsembleOutput(Ensemble.mean(logits), logits, leaves);
    }
}
