package dev.hne.cost;

import dev.hne.anytime.LeafOrder;
import dev.hne.tree.HneTree;
import dev.hne.tree.LayerSpec;
import dev.hne.tree.Topology;
import dev.hne.tree.TreeSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Inference cost of a tree, node by node: every node of level b is one branch of block b, so it
 * costs {@link #blockCost}(b) (plus the classifier for leaves); evaluating a set of leaves costs the
 * sum over the union of their root-to-leaf paths. The counting rule is in {@link LayerCosts}.
 *
 * <p>With equal block costs C this gives the paper's Eq. 6-8: all N = 2^B leaves of an HNE cost
 * (2^{B+1} - 1) C, N independent networks (B + 1) N C.
 */
public final class CostModel {

    private final TreeSpec spec;
    private final Topology topology;
    private final Cost[] blocks;
    private final Cost classifier;

    public CostModel(TreeSpec spec, Topology topology) {
        if (spec.levels() != topology.levels()) {
            throw new IllegalArgumentException("spec " + spec.name() + " has " + spec.levels()
                    + " levels, topology " + topology + " has " + topology.levels());
        }
        this.spec = spec;
        this.topology = topology;
        LayerCosts.Shape shape = new LayerCosts.Shape(spec.inChannels(), spec.resolution());
        blocks = new Cost[spec.levels()];
        for (int b = 0; b < blocks.length; b++) {
            blocks[b] = Cost.ZERO;
            for (LayerSpec row : spec.blocks().get(b)) {
                for (int i = 0; i < row.repeats(); i++) {
                    LayerCosts.Step step = LayerCosts.of(row, row.strideOf(i), shape);
                    blocks[b] = blocks[b].plus(step.cost());
                    shape = step.out();
                }
            }
        }
        Cost head = Cost.ZERO;
        for (LayerSpec row : spec.classifier()) {
            LayerCosts.Step step = LayerCosts.of(row, row.stride(), shape);
            head = head.plus(step.cost());
            shape = step.out();
        }
        classifier = head;
    }

    /** The HNE tree of a spec. */
    public static CostModel hne(TreeSpec spec) {
        return new CostModel(spec, Topology.hne(spec.levels()));
    }

    /** The costs of a built tree, whatever its shape (HNE, independent, multi-branch). */
    public static CostModel of(HneTree tree) {
        return new CostModel(tree.spec(), tree.topology());
    }

    public TreeSpec spec() {
        return spec;
    }

    public Topology topology() {
        return topology;
    }

    /** One branch of block b, without the classifier. */
    public Cost blockCost(int level) {
        return blocks[level];
    }

    /** One leaf's classifier. */
    public Cost classifierCost() {
        return classifier;
    }

    /** One node of level b: its block, plus the classifier at the leaf level. */
    public Cost nodeCost(int level) {
        return level == blocks.length - 1 ? blocks[level].plus(classifier) : blocks[level];
    }

    /** One complete network (one root-to-leaf path). */
    public Cost singleModel() {
        return forLeaves(new int[] {0});
    }

    /** The union of the given leaves' paths. */
    public Cost forLeaves(int[] leaves) {
        int[] nodes = topology.nodesNeeded(leaves);
        Cost total = Cost.ZERO;
        for (int b = 0; b < blocks.length; b++) total = total.plus(nodeCost(b).times(nodes[b]));
        return total;
    }

    /** The first n leaves of {@code order}. */
    public Cost forFirst(int n, LeafOrder order) {
        return forLeaves(order.first(n, topology.leaves()));
    }

    /**
     * The anytime cost curve: MMACs per image of the first n leaves of {@code order}, for n = 1..N
     * (entry n - 1). What every per-n table and model reports as its cost.
     */
    public double[] anytimeCurve(LeafOrder order) {
        double[] mmacs = new double[topology.leaves()];
        for (int n = 1; n <= mmacs.length; n++) mmacs[n - 1] = forFirst(n, order).mmacs();
        return mmacs;
    }

    /** One row per n = 1..N. */
    public List<CostRow> table(LeafOrder order) {
        List<CostRow> rows = new ArrayList<>();
        for (int n = 1; n <= topology.leaves(); n++) rows.add(new CostRow(n, forFirst(n, order)));
        return rows;
    }
}
