package dev.hne.tree;

import dev.hne.anytime.Ensemble;
import dev.hne.engine.Memory;
import dev.hne.engine.Recompute;
import dev.hne.engine.RuntimeOptions;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.SavedMemory;
import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.nn.Module;
import dev.hne.engine.ops.Channels;
import dev.hne.engine.ops.GatherGroups;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * A tree of networks (an HNE, or a baseline of the same architecture) with every branch of a
 * level computed together: the model that {@link TreeBuilder} builds.
 *
 * <p>Node k of level b is branch k of that level; leaf j is node j of the last level, and its
 * root-to-leaf path is one complete network. Activations of a level hold the computed nodes'
 * channel groups side by side: (N, nodes * C, H, W). Going down a level, each parent's group is
 * copied to each of its computed children by one gather ({@link GatherGroups}: at a split of the
 * whole tree group g goes to 2g and 2g+1; paper Fig. 2), and the level's layers run as grouped
 * convolutions over all of them at once. Never a loop over networks.
 *
 * <p>Only the nodes on the requested leaves' paths are computed: at each level, the set of
 * ancestors of those leaves. For the natural order that set is a prefix of the level; for other
 * orders it may have holes: the gather copies just the parents of the needed nodes, and
 * {@link Branches} picks the needed groups of the weights in contiguous runs, so each layer is still
 * ONE grouped conv.
 *
 * <p>State-dict keys: {@code blocks.<level>.<layer>....} and {@code classifier.<layer>....}; every
 * parameter and buffer stores its branches along axis 0, so leaf paths can be cut out of it
 * ({@link #extractLeaf}). Dimension legend: N batch, K classes.
 */
public final class HneTree extends Module {

    private final TreeSpec spec;
    private final Topology topology;
    private final Level[] levels;
    private final Level classifier;
    private long nodeEvaluations;
    // How this tree runs inference and training (ExecutionMode); the run's -Dhne.* defaults unless set.
    private boolean fusedInference = RuntimeOptions.current().inferFused();
    private Recompute recompute = RuntimeOptions.current().recompute();
    // What a training step keeps per image with its first k layers checkpointed; measured on first need.
    private final Map<Integer, Long> keptBytesPerImage = new HashMap<>();
    private long plannedHeapBytes = -1;   // tests plan for a heap of their choosing; -1: the JVM's

    HneTree(TreeSpec spec, Topology topology, Level[] levels, Level classifier) {
        this.spec = spec;
        this.topology = topology;
        this.levels = levels.clone();
        ModuleList blocks = register("blocks", new ModuleList());
        for (Level level : levels) blocks.add(level);
        this.classifier = register("classifier", classifier);
    }

    public TreeSpec spec() {
        return spec;
    }

    public Topology topology() {
        return topology;
    }

    /** N, the number of ensemble members. */
    public int leaves() {
        return topology.leaves();
    }

    public int classes() {
        return spec.classes();
    }

    /**
     * The convolutions ONE branch of each level runs on one image of the spec's resolution (each
     * level at the resolution the one before hands on), levels 0..L-1 and then, at index L, one
     * leaf's classifier; linear layers appear as 1x1 convolutions of 1x1 features. Read from the
     * layers as built: what {@code dev.hne.cost.CostModel} counts.
     */
    public List<List<ConvGeometry>> branchConvolutions() {
        List<List<ConvGeometry>> perLevel = new ArrayList<>();
        int resolution = spec.resolution();
        for (Level level : levels) {
            List<ConvGeometry> convs = level.convolutions(resolution);
            perLevel.add(convs);
            if (!convs.isEmpty()) resolution = convs.get(convs.size() - 1).outHeight();
        }
        perLevel.add(classifier.convolutions(resolution));
        return perLevel;
    }

    /** Parameters of ONE branch of each level, levels 0..L-1 and then, at index L, of one leaf's classifier. */
    public long[] branchParameters() {
        long[] params = new long[levels.length + 1];
        for (int b = 0; b < levels.length; b++) params[b] = levels[b].branchParameters();
        params[levels.length] = classifier.branchParameters();
        return params;
    }

    /** How many nodes (branch blocks) have been computed since construction; the anytime tests count these. */
    public long nodeEvaluations() {
        return nodeEvaluations;
    }

    // ---------------------------------------------------------------- execution mode

    /**
     * Whether eval-mode inference runs fused (default
     * {@code -Dhne.infer.fused}, true); false runs it as the plain ops, the reference to compare with.
     */
    public HneTree useFusedInference(boolean on) {
        fusedInference = on;
        return this;
    }

    /** Whether training checkpoints every layer (true) or keeps every activation (false); see {@link TrainingMemory}. */
    public HneTree useRecompute(boolean on) {
        return useRecompute(on ? Recompute.ON : Recompute.OFF);
    }

    /** The memory mode of training; the default is {@code -Dhne.recompute} (auto unless set). */
    public HneTree useRecompute(Recompute policy) {
        recompute = policy;
        return this;
    }

    /** The mode a forward pass of {@code batch} images started now runs in: decided once here and passed to every layer. */
    public ExecutionMode executionMode(int batch) {
        return modeFor(checkpointed(batch));
    }

    private ExecutionMode modeFor(int checkpointed) {
        return ExecutionMode.of(isTraining(), fusedInference, checkpointed > 0);
    }

    /** How many leading layers a forward pass of {@code batch} images started now checkpoints: none unless it trains. */
    private int checkpointed(int batch) {
        boolean recording = isTraining() && Autograd.isGradEnabled();
        return recording ? trainingMemory(batch).checkpointedLayers() : 0;
    }

    /**
     * How a training step of {@code batch} images keeps what its backward reads: which leading
     * layers are checkpoints. Under {@code auto} the tree measures what plans keep by running its
     * training forward pass on two images (a handful of times, once per tree and plan).
     */
    public TrainingMemory trainingMemory(int batch) {
        long heap = plannedHeapBytes > 0 ? plannedHeapBytes : Runtime.getRuntime().maxMemory();
        int layers = layerCount();
        if (recompute != Recompute.AUTO) {
            return TrainingMemory.forced(recompute == Recompute.ON, layers, heap);
        }
        if (!"cpu".equals(backend().name())) {   // the heap is where CPU activations live, not a device's
            return new TrainingMemory(0, layers, -1, -1, heap, "auto keeps everything on " + backend().name());
        }
        if (Level.sharesStatistics(this)) {   // such layers stay plain, and measuring would run their collectives
            return new TrainingMemory(0, layers, -1, -1, heap, "auto keeps everything: the batch norms share "
                    + "statistics across ranks (--sync-bn), and a replay would run their collective again");
        }
        return TrainingMemory.decide(k -> keptBytesPerImage.computeIfAbsent(k, this::measureKeptBytesPerImage),
                layers, batch, heap);
    }

    /** Plans training memory as if the heap were {@code bytes} (tests). */
    HneTree planForHeap(long bytes) {
        plannedHeapBytes = bytes;
        return this;
    }

    /** The levels' layers and the classifier's. */
    int layerCount() {
        int n = classifier.layerCount();
        for (Level level : levels) n += level.layerCount();
        return n;
    }

    /**
     * What a training forward pass of two images, with the first {@code checkpointed} layers as
     * checkpoints, saved for backward, per image; in REPLAY, so the running statistics stay.
     */
    private long measureKeptBytesPerImage(int checkpointed) {
        boolean wasTraining = isTraining();
        train(true);   // the batch norms' training ops are what a step saves
        try (var graph = Autograd.enableGrad()) {
            int images = 2;
            Tensor x = Tensor.randn(new Random(0), 1f, images, spec.inChannels(), spec.resolution(),
                    spec.resolution()).to(backend());
            Tensor total = null;
            for (Tensor logits : forwardLeaves(x, allLeaves(), ExecutionMode.REPLAY, checkpointed)) {
                total = total == null ? logits.sum() : total.add(logits.sum());
            }
            long floats = SavedMemory.byOp(total).values().stream().mapToLong(SavedMemory.Group::floats).sum();
            return floats * Float.BYTES / images;
        } finally {
            train(wasTraining);
        }
    }

    /** The backend the tree's parameters live on. */
    public Backend backend() {
        return namedParameters().values().iterator().next().value().backend();
    }

    // ---------------------------------------------------------------- forward

    /**
     * The full ensemble's logits (N, K): the mean of all leaves' logits. For the members themselves
     * use {@link #forwardAll}; for fewer members, {@code dev.hne.anytime.Anytime}.
     */
    @Override
    public Tensor forward(Tensor x) {
        return Ensemble.mean(forwardAll(x));
    }

    /** The logits of all leaves, leaf 0 first: N tensors (N_batch, K). */
    public List<Tensor> forwardAll(Tensor x) {
        return forwardLeaves(x, allLeaves());
    }

    private int[] allLeaves() {
        int[] all = new int[leaves()];
        for (int j = 0; j < all.length; j++) all[j] = j;
        return all;
    }

    /**
     * The logits of the given leaves (distinct, any order), computing only the nodes on their paths.
     *
     * @param x (N, C_in, H, W) images
     * @return one (N, K) tensor per requested leaf, in the order requested
     */
    public List<Tensor> forwardLeaves(Tensor x, int[] leaves) {
        int checkpointed = checkpointed(x.dim(0));
        return forwardLeaves(x, leaves, modeFor(checkpointed), checkpointed);
    }

    private List<Tensor> forwardLeaves(Tensor x, int[] leaves, ExecutionMode mode, int checkpointed) {
        TreeSet<Integer> sorted = new TreeSet<>();
        for (int leaf : leaves) {
            if (leaf < 0 || leaf >= leaves() || !sorted.add(leaf)) {
                throw new IllegalArgumentException("leaves " + Arrays.toString(leaves) + " must be distinct and in [0, "
                        + leaves() + ")");
            }
        }
        Branches parents = Branches.all(1);   // the input is one group
        Tensor h = x;
        Branches nodes = parents;
        // under no-grad the scope releases every level's output but the logits it returns
        try (var scope = Memory.scope()) {
            for (int b = 0; b < levels.length; b++) {
                nodes = ancestors(sorted, b);
                h = forwardLevel(b, h, parents, nodes, mode, checkpointed);
                parents = nodes;
            }
            int k = classes();
            List<Tensor> out = new ArrayList<>();
            for (int leaf : leaves) {
                int i = nodes.indexOf(leaf);
                out.add(nodes.count() == 1 ? h : Channels.slice(h, i * k, k));
            }
            return scope.keep(out);
        }
    }

    /** The nodes of level b on the paths of the given leaves. */
    public Branches ancestors(java.util.Collection<Integer> leaves, int level) {
        return new Branches(topology.groups(level),
                topology.ancestors(leaves.stream().mapToInt(Integer::intValue).toArray(), level));
    }

    /**
     * Computes some nodes of one level from their parents' activations. For the last level this
     * includes the classifier, so the output is the nodes' logits (N, |nodes| * K).
     *
     * @param parentActs (N, |parents| * C, H, W): the parents' groups side by side (the image for level 0)
     * @param parents    the nodes of level b-1 in parentActs (for level 0: {@code Branches.all(1)})
     * @param nodes      the nodes of level b to compute; each one's parent must be in {@code parents}
     * @return (N, |nodes| * C_out, H', W'), or the logits at the last level
     */
    public Tensor forwardLevel(int level, Tensor parentActs, Branches parents, Branches nodes) {
        int checkpointed = checkpointed(parentActs.dim(0));
        return forwardLevel(level, parentActs, parents, nodes, modeFor(checkpointed), checkpointed);
    }

    /** @param checkpointed how many of the tree's leading layers (all levels', in order) are checkpoints */
    private Tensor forwardLevel(int level, Tensor parentActs, Branches parents, Branches nodes, ExecutionMode mode,
                                int checkpointed) {
        int before = 0;   // the tree's layers ahead of this level
        for (int b = 0; b < level; b++) before += levels[b].layerCount();
        // Under no-grad the scope releases the split's copies (and the last level's features) once
        // the output exists; parentActs, which the caller holds, was made outside it.
        try (var scope = Memory.scope()) {
            Tensor h = levels[level].forward(split(level, parentActs, parents, nodes), nodes, mode, checkpointed - before);
            nodeEvaluations += nodes.count();
            return scope.keep(level < levels.length - 1 ? h
                    : classifier.forward(h, nodes, mode, checkpointed - before - levels[level].layerCount()));
        }
    }

    /**
     * The input of a level's nodes: for each node, a copy of its parent's channel group (one gather,
     * so a parent with two computed children appears twice and a parent whose children are not wanted
     * is not copied at all).
     */
    private Tensor split(int level, Tensor x, Branches parents, Branches nodes) {
        int[] wanted = nodes.active();
        int[] parentOf = new int[wanted.length];   // position of each node's parent among the computed parents
        for (int i = 0; i < wanted.length; i++) {
            int parent = topology.parent(level, wanted[i]);
            parentOf[i] = parents.indexOf(parent);
            if (parentOf[i] < 0) {
                throw new IllegalArgumentException("level " + level + ": node " + wanted[i] + " needs parent "
                        + parent + ", which is not among the computed parents " + Arrays.toString(parents.active()));
            }
        }
        if (parentOf.length == parents.count() && isIdentity(parentOf)) {
            return x;   // every parent, one child each, in order: nothing to copy
        }
        return GatherGroups.apply(x, parents.count(), parentOf);
    }

    private static boolean isIdentity(int[] index) {
        for (int i = 0; i < index.length; i++) {
            if (index[i] != i) return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- leaves as separate networks

    /**
     * The root-to-leaf path of {@code leaf} as a separate network (a single-path tree) holding copies
     * of exactly the weights and statistics that leaf uses. The key test compares its output with
     * the grouped forward.
     */
    public HneTree extractLeaf(int leaf) {
        HneTree single = TreeBuilder.build(spec, Topology.single(levels.length), 0);
        Map<String, Tensor> mine = stateDict();
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (String key : single.stateDict().keySet()) {
            int level = levelOf(key);
            state.put(key, rowChunk(mine.get(key), topology.groups(level), topology.ancestor(leaf, level)));
        }
        single.loadStateDict(state);
        single.train(isTraining());
        return single;
    }

    /** The level a state-dict key belongs to: blocks.b.* is level b, classifier.* the last level. */
    public int levelOf(String key) {
        if (key.startsWith("classifier.")) {
            return levels.length - 1;
        }
        return Integer.parseInt(key.split("\\.")[1]);
    }

    /** Chunk {@code index} of {@code chunks} equal chunks of t along axis 0, as a new tensor. */
    public static Tensor rowChunk(Tensor t, int chunks, int index) {
        int[] shape = t.shape();
        int per = (int) (t.size() / chunks);
        float[] part = Arrays.copyOfRange(t.toArray(), index * per, (index + 1) * per);
        shape[0] /= chunks;
        return Tensor.of(part, shape).to(t.backend());
    }

    /** A list of child modules named "0", "1", ... */
    private static final class ModuleList extends Module {
        void add(Module m) {
            register(Integer.toString(children().size()), m);
        }

        @Override
        public Tensor forward(Tensor x) {
            throw new UnsupportedOperationException("a module list has no forward of its own");
        }
    }
}
