package dev.hne.anytime;

import dev.hne.cost.CostModel;
import dev.hne.engine.Tensor;
import dev.hne.tree.HneTree;

/**
 * An HNE as a {@link StagedModel}: stage s adds the s-th member in the leaf order (natural or
 * diverse first), and the prediction after it is the ensemble of the first s members (mean logits,
 * paper Eq. 5). Each batch is refined by a {@link ProgressiveEvaluator}, which caches node
 * activations, so stage s computes only the nodes the first s - 1 members did not share; and
 * {@link StagedRun#retain} cuts that cache to the rows that continue, so stopped examples cost
 * nothing more.
 *
 * <p>Cost of stage s: {@link CostModel#anytimeCurve}(order)[s - 1], the union of the first s members'
 * root-to-leaf paths (docs/hne.md). The caller puts the tree in eval mode.
 */
public final class HneStagedModel implements StagedModel {

    private final HneTree tree;
    private final LeafOrder order;
    private final int[] leaves;          // the leaf stage s adds, at [s - 1]
    private final double[] cumulative;   // MMACs per example to the end of stage s, at [s - 1]

    public HneStagedModel(HneTree tree, LeafOrder order) {
        this.tree = tree;
        this.order = order;
        leaves = order.all(tree.leaves());
        cumulative = CostModel.of(tree).anytimeCurve(order);
    }

    public HneTree tree() {
        return tree;
    }

    public LeafOrder order() {
        return order;
    }

    @Override
    public int stages() {
        return tree.leaves();
    }

    @Override
    public double cumulativeMMacs(int stage) {
        check(stage);
        return cumulative[stage - 1];
    }

    private void check(int stage) {
        if (stage < 1 || stage > stages()) {
            throw new IllegalArgumentException("stage " + stage + " is outside 1.." + stages());
        }
    }

    @Override
    public int member(int stage) {
        check(stage);
        return leaves[stage - 1];
    }

    @Override
    public boolean isEnsemble() {
        return true;
    }

    @Override
    public StagedRun start(Tensor x) {
        return new Run(new ProgressiveEvaluator(tree, x, order));
    }

    /** One batch: a progressive evaluator whose cache shrinks with the batch. */
    private static final class Run implements StagedRun {
        private final ProgressiveEvaluator progressive;

        Run(ProgressiveEvaluator progressive) {
            this.progressive = progressive;
        }

        @Override
        public int completed() {
            return progressive.evaluated();
        }

        @Override
        public int rows() {
            return progressive.rows();
        }

        @Override
        public StageOutput advance() {
            EnsembleOutput out = progressive.next();
            return new StageOutput(out.ensemble(), out.leafLogits().get(out.models() - 1));
        }

        @Override
        public void retain(int[] rows) {
            progressive.retain(rows);
        }

        @Override
        public void close() {
            progressive.close();
        }
    }
}
