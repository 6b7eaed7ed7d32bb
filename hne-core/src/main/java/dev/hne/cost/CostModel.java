package dev.hne.cost;

import dev.hne.anytime.LeafOrder;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.tree.HneTree;
import dev.hne.tree.Topology;
import dev.hne.tree.TreeBuilder;
import dev.hne.tree.TreeSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Inference cost of a tree, node by node: every node of level b is one branch of block b, so it
 * costs {@link #blockCost}(b) (plus the classifier for leaves); evaluating a set of leaves costs the
 * sum over the union of their root-to-leaf paths.
 *
 * <p>Where the per-branch costs come from: the built layers. Each layer reports the convolutions
 * one branch runs ({@link HneTree#branchConvolutions}) and the cost model sums their MACs
 * ({@link ConvGeometry#macs}, batch 1); parameters are those the branch holds
 * ({@link HneTree#branchParameters}). So the cost cannot drift from what the layers compute.
 *
 * <p>Counting rule: MACs of convolutions and of linear layers (in * out, a 1x1 convolution of 1x1
 * features); batch norm, activations, residual adds, pooling, biases and the channel-group gather
 * at splits are not counted (they are a few per cent and memory-bound). Parameters: conv and linear
 * weights, linear biases, batch-norm scale and shift (not the running statistics).
 *
 * <p>With equal block costs C this gives the paper's Eq. 6-8: all N = 2^B leaves of an HNE cost
 * (2^{B+1} - 1) C, N independent networks (B + 1) N C.
 */
public final class CostModel {

    private final TreeSpec spec;
    private final Topology topology;
    private final Cost[] blocks;
    private final Cost classifier;

    /**
     * The costs of {@code spec} in the shape {@code topology}, counted on a one-path tree built from
     * the spec (every node of a level is one branch of the same layers, whatever the topology).
     */
    public CostModel(TreeSpec spec, Topology topology) {
        this(spec, topology, onePath(spec));
    }

    private CostModel(TreeSpec spec, Topology topology, HneTree built) {
        if (spec.levels() != topology.levels()) {
            throw new IllegalArgumentException("spec " + spec.name() + " has " + spec.levels()
                    + " levels, topology " + topology + " has " + topology.levels());
        }
        this.spec = spec;
        this.topology = topology;
        List<List<ConvGeometry>> convs = built.branchConvolutions();
        long[] params = built.branchParameters();
        blocks = new Cost[spec.levels()];
        for (int b = 0; b < blocks.length; b++) blocks[b] = new Cost(macs(convs.get(b)), params[b]);
        classifier = new Cost(macs(convs.get(blocks.length)), params[blocks.length]);
    }

    private static HneTree onePath(TreeSpec spec) {
        return TreeBuilder.build(spec, Topology.single(spec.levels()), 0);   // the weights' values do not matter
    }

    private static long macs(List<ConvGeometry> convs) {
        long total = 0;
        for (ConvGeometry g : convs) total += g.macs();
        return total;
    }

    /** The HNE tree of a spec. */
    public static CostModel hne(TreeSpec spec) {
        return new CostModel(spec, Topology.hne(spec.levels()));
    }

    /** The costs of a built tree, whatever its shape (HNE, independent, multi-branch), read from its layers. */
    public static CostModel of(HneTree tree) {
        return new CostModel(tree.spec(), tree.topology(), tree);
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
