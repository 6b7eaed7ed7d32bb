package dev.hne.anytime;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.ops.Channels;
import dev.hne.engine.ops.Rows;
import dev.hne.tree.Branches;
import dev.hne.tree.HneTree;
import dev.hne.tree.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Anytime inference for one batch that adds ensemble members one (or several) at a time and can be
 * stopped after any of them with the best prediction so far ({@link #current}).
 *
 * <p>Every computed node's activation (N, C, H, W) is cached, so going from n to n+1 models computes
 * only the nodes on the new leaf's path that no earlier leaf shared: in the natural order of an HNE
 * with N = 16, n = 1 costs B + 1 = 5 nodes, 1 -> 2 one node, 2 -> 3 two nodes, 4 -> 5 three. When
 * several members are added at once ({@link #advanceTo}), each level's new nodes run as one grouped
 * pass. The cache trades memory for time: it holds every computed node's activation until this
 * evaluator is dropped.
 *
 * <p>The batch can shrink between steps ({@link #retain}): every cached activation is cut to the
 * kept rows, so later members are computed for those rows only (adaptive early exit, where examples
 * stop at different points).
 *
 * <p>What it is not: a training tool. It runs without recording gradients, in whatever train/eval
 * mode the tree is in (use eval for inference).
 */
public final class ProgressiveEvaluator {

    private final HneTree tree;
    private final Topology topology;
    private Tensor x;   // (rows still evaluated, C, H, W)
    private final int[] order;
    private final List<Map<Integer, Tensor>> cache = new ArrayList<>();   // per level: node -> (N, C, H, W)
    private final List<Tensor> leafLogits = new ArrayList<>();
    private Tensor logitSum;
    private int lastStepNodes;
    private long totalNodes;

    /** @param x (N, C, H, W) the batch to predict */
    public ProgressiveEvaluator(HneTree tree, Tensor x, LeafOrder order) {
        this.tree = tree;
        this.topology = tree.topology();
        this.x = x;
        this.order = order.all(tree.leaves());
        for (int b = 0; b < topology.levels(); b++) cache.add(new HashMap<>());
    }

    /** Models evaluated so far. */
    public int evaluated() {
        return leafLogits.size();
    }

    public boolean isDone() {
        return evaluated() == order.length;
    }

    /** Nodes computed by the last call of {@link #next} or {@link #advanceTo}. */
    public int nodesComputedLastStep() {
        return lastStepNodes;
    }

    /** Nodes computed since construction. */
    public long nodesComputed() {
        return totalNodes;
    }

    /** Adds the next model and returns the ensemble of all evaluated so far. */
    public EnsembleOutput next() {
        if (isDone()) {
            throw new IllegalStateException("all " + order.length + " models are already evaluated");
        }
        return advanceTo(evaluated() + 1);
    }

    /** Adds models until {@code n} are evaluated (n >= the current count) and returns their ensemble. */
    public EnsembleOutput advanceTo(int n) {
        if (n < evaluated() || n > order.length || n < 1) {
            throw new IllegalArgumentException("cannot advance from " + evaluated() + " to " + n + " models of "
                    + order.length);
        }
        int[] newLeaves = Arrays.copyOfRange(order, evaluated(), n);
        lastStepNodes = 0;
        try (var scope = Autograd.noGrad()) {
            for (int b = 0; b < topology.levels(); b++) computeMissing(b, newLeaves);
            int last = topology.levels() - 1;
            for (int leaf : newLeaves) {
                Tensor logits = cache.get(last).get(leaf);
                leafLogits.add(logits);
                logitSum = logitSum == null ? logits : logitSum.add(logits);
            }
        }
        totalNodes += lastStepNodes;
        return current();
    }

    /** Rows of the batch still being evaluated. */
    public int rows() {
        return x.dim(0);
    }

    /**
     * Keeps only the listed rows (indices into the current rows, strictly ascending): the input, every
     * cached node activation and the logits so far are cut to them, so the following steps compute
     * only these rows, and their outputs have one row per kept row, in this order.
     */
    public void retain(int[] rows) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= rows() || (i > 0 && rows[i] <= rows[i - 1])) {
                throw new IllegalArgumentException("retain: rows must be strictly ascending indices in [0, " + rows()
                        + "), got " + Arrays.toString(rows));
            }
        }
        if (rows.length == rows()) {
            return;   // all of them, in order: nothing to cut
        }
        try (var scope = Autograd.noGrad()) {
            x = Rows.gather(x, rows);
            for (Map<Integer, Tensor> level : cache) level.replaceAll((node, act) -> Rows.gather(act, rows));
            leafLogits.replaceAll(z -> Rows.gather(z, rows));
            if (logitSum != null) logitSum = Rows.gather(logitSum, rows);
        }
    }

    /** The ensemble of the models evaluated so far: the best prediction available now. */
    public EnsembleOutput current() {
        if (leafLogits.isEmpty()) {
            throw new IllegalStateException("no model evaluated yet: call next() first");
        }
        Tensor ensemble;
        try (var scope = Autograd.noGrad()) {
            ensemble = leafLogits.size() == 1 ? logitSum : logitSum.scale(1f / leafLogits.size());
        }
        return new EnsembleOutput(ensemble, leafLogits, Arrays.copyOf(order, leafLogits.size()));
    }

    /** Computes, as one grouped pass, the nodes of level b on the new leaves' paths that are not cached yet. */
    private void computeMissing(int level, int[] newLeaves) {
        Map<Integer, Tensor> done = cache.get(level);
        int[] missing = Arrays.stream(topology.ancestors(newLeaves, level)).filter(k -> !done.containsKey(k)).toArray();
        if (missing.length == 0) {
            return;
        }
        Branches nodes = new Branches(topology.groups(level), missing);
        Branches parents;
        Tensor parentActs;
        if (level == 0) {
            parents = Branches.all(1);
            parentActs = x;
        } else {
            int[] p = topology.parents(level, missing);
            parents = new Branches(topology.groups(level - 1), p);
            List<Tensor> parts = new ArrayList<>();
            for (int k : p) parts.add(cache.get(level - 1).get(k));
            parentActs = parts.size() == 1 ? parts.get(0) : Channels.concat(parts);
        }
        Tensor out = tree.forwardLevel(level, parentActs, parents, nodes);
        int per = out.dim(1) / missing.length;
        for (int i = 0; i < missing.length; i++) {
            done.put(missing[i], missing.length == 1 ? out : Channels.slice(out, i * per, per));
        }
        lastStepNodes += missing.length;
    }
}
