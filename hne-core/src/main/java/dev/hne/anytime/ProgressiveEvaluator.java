package dev.hne.anytime;

import dev.hne.engine.Memory;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.ops.Channels;
import dev.hne.engine.ops.GatherGroups;
import dev.hne.engine.ops.Rows;
import dev.hne.tree.Branches;
import dev.hne.tree.HneTree;
import dev.hne.tree.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Anytime inference for one batch that adds ensemble members one (or several) at a time and can be
 * stopped after any of them with the best prediction so far ({@link #current}).
 *
 * <p>Every computed node's activation is cached, in chunks: each grouped pass's output (N, nodes * C,
 * H, W) stays the tensor it was computed as, with the {@link Branches} that say which nodes it holds.
 * So going from n to n+1 models computes only the nodes on the new leaf's path that no earlier leaf
 * shared: in the natural order of an HNE with N = 16, n = 1 costs B + 1 = 5 nodes, 1 -> 2 one node,
 * 2 -> 3 two nodes, 4 -> 5 three. A level's new nodes read their parents straight from the chunk of
 * the level above that holds them (the tree's split gathers the groups it needs); when several
 * members are added at once ({@link #advanceTo}) each level's new nodes run as one grouped pass, and
 * only parents spread over several chunks are joined, into a temporary tensor for that pass. Chunks
 * are never concatenated into a level-wide tensor, so adding a node copies nothing that is cached.
 * The cache trades memory for time: a chunk is held until every child of its nodes is computed
 * (nothing can read it after that) or this evaluator is closed ({@link #close}, which hands it back
 * to the backend for the next batch).
 *
 * <p>The batch can shrink between steps ({@link #retain}), so later members are computed for the kept
 * rows only (adaptive early exit, where examples stop at different points). The cut is lazy and per
 * chunk: a chunk is copied down to the kept rows only when a later step reads it again
 * ({@link LazyRows}), so in the natural order a step copies the one parent chunk it reads, not the
 * whole level, and a chunk nobody reads again is never copied, however often the batch shrinks.
 *
 * <p>What it is not: a training tool. It runs without recording gradients, in whatever train/eval
 * mode the tree is in (use eval for inference).
 */
public final class ProgressiveEvaluator implements AutoCloseable {

    private final HneTree tree;
    private final Topology topology;
    private final LazyRows x;   // (rows still evaluated, C, H, W), cut when level 0 is next computed
    private int rows;
    private final int[] order;
    private final LevelCache[] cache;   // per level but the last: the computed nodes' activations
    private final boolean[][] computed;   // [level][node], every level (the last: the leaves evaluated)
    private final List<Tensor> leafLogits = new ArrayList<>();
    private Tensor logitSum;
    private int lastStepNodes;
    private long totalNodes;
    private boolean closed;

    /** @param x (N, C, H, W) the batch to predict */
    public ProgressiveEvaluator(HneTree tree, Tensor x, LeafOrder order) {
        this.tree = tree;
        this.topology = tree.topology();
        this.x = new LazyRows(x, false);
        this.rows = x.dim(0);
        this.order = order.all(tree.leaves());
        this.cache = new LevelCache[topology.levels() - 1];
        this.computed = new boolean[topology.levels()][];
        for (int b = 0; b < topology.levels(); b++) {
            if (b < cache.length) cache[b] = new LevelCache(topology.groups(b));
            computed[b] = new boolean[topology.groups(b)];
        }
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
        if (closed) {
            throw new IllegalStateException("this evaluator is closed: its cached activations were given back");
        }
        if (n < evaluated() || n > order.length || n < 1) {
            throw new IllegalArgumentException("cannot advance from " + evaluated() + " to " + n + " models of "
                    + order.length);
        }
        int[] newLeaves = Arrays.copyOfRange(order, evaluated(), n);
        lastStepNodes = 0;
        try (var scope = Autograd.noGrad()) {
            for (int b = 0; b < cache.length; b++) computeMissing(b, newLeaves);
            addLeafLogits(newLeaves);
            dropChunksNoLongerRead();
        }
        totalNodes += lastStepNodes;
        return current();
    }

    /** Rows of the batch still being evaluated. */
    public int rows() {
        return rows;
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
        x.retain(rows);
        for (LevelCache level : cache) level.retain(rows);
        try (var scope = Autograd.noGrad()) {   // the logits are small and read after every step: cut now
            leafLogits.replaceAll(z -> Rows.gather(z, rows));
            if (logitSum != null) logitSum = Rows.gather(logitSum, rows);
        }
        this.rows = rows.length;
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

    /** Computes, as one grouped pass, the nodes of level b (not the last) on the new leaves' paths not cached yet. */
    private void computeMissing(int level, int[] newLeaves) {
        int[] missing = Arrays.stream(topology.ancestors(newLeaves, level)).filter(k -> !computed[level][k]).toArray();
        if (missing.length == 0) {
            return;
        }
        Branches nodes = new Branches(topology.groups(level), missing);
        cache[level].add(forward(level, nodes), nodes);
        for (int k : missing) computed[level][k] = true;
    }

    /**
     * Releases every chunk whose nodes' children are all computed (a chunk's only readers are its
     * nodes' children). The nodes stay recorded, so nothing is computed again. Level 0's input, the
     * caller's tensor, is only no longer cut.
     */
    private void dropChunksNoLongerRead() {
        for (int b = 0; b < cache.length; b++) {
            int level = b;
            cache[b].dropChunks(node -> Arrays.stream(topology.children(level, node)).allMatch(j -> computed[level + 1][j]));
        }
    }

    /**
     * Releases every cached activation (and the input's row cuts, which are this evaluator's own) to
     * the backend, so the next batch reuses them instead of allocating fresh arrays; the outputs
     * returned so far are not in the cache and stay valid. A second call does nothing.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (LevelCache level : cache) level.dropChunks(node -> true);
        x.release();
    }

    /** Floats the cached activations hold now (pending row cuts not yet applied): what this evaluator keeps alive. */
    public long cachedFloats() {
        long floats = 0;
        for (LevelCache level : cache) floats += level.heldFloats();
        return floats;
    }

    /** The last level for the new leaves (those a previous step did not compute): their logits, in the leaves' order. */
    private void addLeafLogits(int[] newLeaves) {
        int last = topology.levels() - 1;
        int[] leaves = Arrays.stream(newLeaves).distinct().sorted().toArray();
        Tensor out = forward(last, new Branches(topology.groups(last), leaves));
        for (int leaf : leaves) computed[last][leaf] = true;
        int classes = out.dim(1) / leaves.length;
        for (int leaf : newLeaves) {
            int i = Arrays.binarySearch(leaves, leaf);
            Tensor logits = leaves.length == 1 ? out : Channels.slice(out, i * classes, classes);
            leafLogits.add(logits);
            logitSum = logitSum == null ? logits : logitSum.add(logits);
        }
    }

    /** The given nodes of a level, from the cached parents (the image for level 0). */
    private Tensor forward(int level, Branches nodes) {
        lastStepNodes += nodes.count();
        if (level == 0) {
            return tree.forwardLevel(0, x.current(), Branches.all(1), nodes);
        }
        LevelCache.Parents parents = cache[level - 1].read(topology.parents(level, nodes.active()));
        try {
            return tree.forwardLevel(level, parents.acts(), parents.nodes(), nodes);
        } finally {
            parents.releaseIfJoined();
        }
    }

    /**
     * One level's cache: chunks of activations (rows, |nodes| * C, H, W) as they were computed, each
     * with its nodes in ascending order; chunks hold disjoint nodes. This evaluator owns the chunks
     * (the last level's logits are not cached here).
     */
    private static final class LevelCache {
        private final int total;   // the level's nodes
        private final List<Chunk> chunks = new ArrayList<>();

        LevelCache(int total) {
            this.total = total;
        }

        private record Chunk(LazyRows acts, Branches nodes) {}

        /** What a pass reads as its parents; a tensor joined from several chunks is the pass's own, released after it. */
        record Parents(Tensor acts, Branches nodes, boolean joined) {
            void releaseIfJoined() {
                if (joined) acts.backend().release(acts.storage());
            }
        }

        void add(Tensor acts, Branches nodes) {
            chunks.add(new Chunk(new LazyRows(acts, true), nodes));
        }

        /**
         * The activations that hold the given nodes (ascending, all cached): the one chunk that holds
         * them read in place, or the chunks that hold them joined in ascending node order.
         */
        Parents read(int[] needed) {
            List<Chunk> holding = new ArrayList<>();
            for (Chunk c : chunks) {
                if (Arrays.stream(needed).anyMatch(k -> c.nodes().indexOf(k) >= 0)) holding.add(c);
            }
            if (holding.size() == 1) {
                return new Parents(holding.get(0).acts().current(), holding.get(0).nodes(), false);
            }
            int[] merged = holding.stream().flatMapToInt(c -> Arrays.stream(c.nodes().active())).toArray();
            Tensor joined = Channels.concat(holding.stream().map(c -> c.acts().current()).toList());
            int[] sorted = merged.clone();
            Arrays.sort(sorted);
            if (!Arrays.equals(sorted, merged)) {   // an order other than the natural one computed nodes in between
                int[] from = new int[sorted.length];
                for (int i = 0; i < sorted.length; i++) from[i] = indexIn(merged, sorted[i]);
                Tensor permuted = GatherGroups.apply(joined, merged.length, from);
                joined.backend().release(joined.storage());
                joined = permuted;
            }
            return new Parents(joined, new Branches(total, sorted), true);
        }

        void retain(int[] rows) {
            for (Chunk c : chunks) c.acts().retain(rows);
        }

        /** Releases the chunks all of whose nodes pass {@code done}. */
        void dropChunks(IntPredicate done) {
            chunks.removeIf(c -> {
                boolean drop = Arrays.stream(c.nodes().active()).allMatch(done);
                if (drop) c.acts().release();
                return drop;
            });
        }

        long heldFloats() {
            return chunks.stream().mapToLong(c -> c.acts().heldFloats()).sum();
        }

        private static int indexIn(int[] values, int v) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == v) return i;
            }
            throw new IllegalStateException("node " + v + " not cached");
        }
    }

    /**
     * A tensor whose rows are cut lazily: {@link #retain} only composes the row selection, and the copy
     * is made when the tensor is next read ({@link #current}), so a tensor that is never read again
     * is never copied. Composed selections of strictly ascending rows stay strictly ascending.
     */
    private static final class LazyRows {
        private Tensor tensor;
        private int[] pending;        // rows of tensor that make up the current batch; null: all, in order
        private boolean owned;        // release replaced tensors (not the caller's input; its cuts are ours)

        LazyRows(Tensor tensor, boolean owned) {
            this.tensor = tensor;
            this.owned = owned;
        }

        void retain(int[] rows) {
            if (pending == null) {
                pending = rows.clone();
            } else {
                int[] composed = new int[rows.length];
                for (int i = 0; i < rows.length; i++) composed[i] = pending[rows[i]];
                pending = composed;
            }
        }

        Tensor current() {
            if (pending != null) {
                Tensor cut;
                // made in a scope and kept, so the cache may hand it a somewhat larger free array: each
                // cut has its own row count, and exact sizes made most cuts fresh arrays (BufferPool)
                try (var noGrad = Autograd.noGrad(); var scope = Memory.scope()) {
                    cut = scope.keep(Rows.gather(tensor, pending));
                }
                release();
                tensor = cut;
                owned = true;
                pending = null;
            }
            return tensor;
        }

        long heldFloats() {
            return tensor.size();
        }

        void release() {
            if (owned) tensor.backend().release(tensor.storage());
        }
    }
}
