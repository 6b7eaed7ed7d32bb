package dev.hne.bench.peer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.hne.tree.LayerSpec;
import dev.hne.tree.TreeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The peer: an HNE ResNet tree ({@code resnet-hne}, {@code resnet-hne-small}) written in PyTorch
 * through DJL's NDArray API, layer for layer what {@code dev.hne.tree.TreeBuilder} builds, so the
 * two engines run the same computation:
 * <ul>
 *   <li>every level's branches run as ONE grouped convolution over channel-concatenated maps (2^b
 *       groups at level b); at a split each parent's channel group is replicated to its two
 *       children (repeat-interleave of the groups, paper Fig. 2);</li>
 *   <li>conv + batch norm (+ ReLU) bricks, the bottleneck ResNet layer (1x1 -> depthwise 3x3 ->
 *       1x1, out/4 wide, projection shortcut on Branching layers), pool + grouped linear per leaf;</li>
 *   <li>anytime inference computes only the nodes on the first n leaves' paths (natural order: at
 *       each level a prefix of the nodes), as {@code HneTree.forwardLeaves} does.</li>
 * </ul>
 * Parameters are named and shaped like our state dict ({@code blocks.1.0.reduce.conv.weight}) and
 * are loaded from it, so both sides start from the same weights and a test can compare outputs.
 * Dimension legend: N batch, C channels of one branch, K classes, G computed groups (branches).
 *
 * <p>What it is not: a general PyTorch port. MobileNet rows are refused (the peer is
 * resnet-hne).
 */
public final class TorchHneTree {

    private static final float BN_EPS = 1e-5f, BN_MOMENTUM = 0.1f;

    private final int leaves;
    private final int classes;
    private final List<List<Layer>> levels = new ArrayList<>();
    private final PoolLinear classifier;
    /** Every array by state-dict name: parameters and batch-norm running statistics. */
    private final Map<String, NDArray> state = new LinkedHashMap<>();
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();

    /**
     * Builds the tree's layers from the spec, with arrays taken from {@code init} (our state dict as
     * host arrays); a missing name or a different shape fails with the name.
     */
    public TorchHneTree(NDManager manager, TreeSpec spec, Map<String, HostArray> init) {
        this.leaves = 1 << (spec.levels() - 1);
        this.classes = spec.classes();
        Builder b = new Builder(manager, init);
        int channels = spec.inChannels();
        for (int level = 0; level < spec.levels(); level++) {
            List<Layer> layers = new ArrayList<>();
            int branches = 1 << level, index = 0;
            for (LayerSpec row : spec.blocks().get(level)) {
                for (int i = 0; i < row.repeats(); i++) {
                    String name = "blocks." + level + "." + index++ + ".";
                    layers.add(b.layer(name, row, branches, channels, row.strideOf(i)));
                    channels = row.outChannels();
                }
            }
            levels.add(layers);
        }
        if (spec.classifier().size() != 1 || spec.classifier().get(0).type() != dev.hne.tree.LayerType.POOL_LINEAR) {
            throw new IllegalArgumentException("peer: only a pool + linear classifier is mirrored, got " + spec.classifier());
        }
        classifier = new PoolLinear(b.param("classifier.0.weight", leaves * classes, channels),
                b.param("classifier.0.bias", leaves * classes), channels, classes);
        if (state.size() != init.size()) {
            throw new IllegalArgumentException("peer: our state dict has " + init.size() + " entries, the peer uses "
                    + state.size());
        }
    }

    /** A host copy of one state-dict entry: shape and data. */
    public record HostArray(long[] shape, float[] data) {}

    public int leaves() {
        return leaves;
    }

    /** Trainable parameters (conv and linear weights, linear biases, batch-norm scale and shift). */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    public long parameterCount() {
        return parameters.values().stream().mapToLong(NDArray::size).sum();
    }

    // ---------------------------------------------------------------- forward

    /**
     * Logits of the first n leaves (natural order), computing only their paths' nodes.
     *
     * @param x (N, C_in, H, W); every result is attached to x's manager
     * @return (N, n * K): leaf j's logits in columns [j*K, (j+1)*K)
     */
    public NDArray forwardFirst(NDArray x, int n, boolean training) {
        if (n < 1 || n > leaves) {
            throw new IllegalArgumentException("peer: n = " + n + " outside 1.." + leaves);
        }
        NDArray h = x;
        int parents = 1;
        for (int level = 0; level < levels.size(); level++) {
            int total = 1 << level;
            int nodes = (n * total + leaves - 1) / leaves;   // natural order: the first ceil(n / (N / 2^b)) nodes
            if (level > 0) {
                h = split(h, parents, nodes);
            }
            for (Layer layer : levels.get(level)) h = layer.forward(h, nodes, training);
            parents = nodes;
        }
        return classifier.forward(h, n);
    }

    /** The ensemble (mean of the leaves' logits) of the first n leaves: (N, K). */
    public NDArray ensembleFirst(NDArray x, int n) {
        NDArray logits = forwardFirst(x, n, false);
        return logits.reshape(logits.getShape().get(0), n, classes).mean(new int[] {1});
    }

    /**
     * Parents' groups (N, p*C, H, W) -> children's (N, nodes*C, H, W): each group replicated to two
     * (group g to 2g and 2g+1), then the first {@code nodes} groups kept.
     */
    private static NDArray split(NDArray h, int parents, int nodes) {
        Shape s = h.getShape();
        long n = s.get(0), c = s.get(1) / parents, hw = s.get(2) * s.get(3);
        NDArray children = h.reshape(n, parents, c * hw).repeat(1, 2).reshape(n, 2L * parents * c, s.get(2), s.get(3));
        return nodes == 2 * parents ? children : children.get(new NDIndex(":, 0:{}", nodes * c));
    }

    // ---------------------------------------------------------------- layers

    private interface Layer {
        /** @param x (N, G*C_in, H, W) with G = groups computed */
        NDArray forward(NDArray x, int groups, boolean training);
    }

    /**
     * An array stored for all branches along axis 0, with its first-k-branches views cached (a
     * narrow of a contiguous tensor is a view, no copy), so a forward does not slice anew.
     */
    private static final class Branched {
        final NDArray all;
        final int branches;
        final NDArray[] firstK;

        Branched(NDArray all, int branches) {
            this.all = all;
            this.branches = branches;
            this.firstK = new NDArray[branches + 1];
        }

        NDArray first(int k) {
            if (k == branches) {
                return all;
            }
            if (firstK[k] == null) {
                firstK[k] = all.get(new NDIndex("0:{}", all.getShape().get(0) / branches * k));
            }
            return firstK[k];
        }
    }

    /** Conv (grouped over branches, no bias) + batch norm + optional ReLU. */
    private static final class ConvBn implements Layer {
        final Branched weight, gamma, beta, mean, var;
        final int stride, padding, convGroupsPerBranch;
        final boolean relu;

        ConvBn(Builder b, String name, int branches, int in, int out, int k, int stride, int convGroups, boolean relu) {
            weight = new Branched(b.param(name + "conv.weight", branches * out, in / convGroups, k, k), branches);
            gamma = new Branched(b.param(name + "bn.weight", branches * out), branches);
            beta = new Branched(b.param(name + "bn.bias", branches * out), branches);
            mean = new Branched(b.buffer(name + "bn.running_mean", branches * out), branches);
            var = new Branched(b.buffer(name + "bn.running_var", branches * out), branches);
            this.stride = stride;
            this.padding = k / 2;
            this.convGroupsPerBranch = convGroups;
            this.relu = relu;
        }

        @Override
        public NDArray forward(NDArray x, int g, boolean training) {
            NDArray y = Conv2d.conv2d(x, weight.first(g), null, new Shape(stride, stride), new Shape(padding, padding),
                    new Shape(1, 1), g * convGroupsPerBranch).singletonOrThrow();
            // training: batch statistics, running statistics updated in place (only all branches train here)
            y = BatchNorm.batchNorm(y, mean.first(g), var.first(g), gamma.first(g), beta.first(g), 1, BN_MOMENTUM, BN_EPS,
                    training).singletonOrThrow();
            return relu ? Activation.relu(y) : y;
        }
    }

    /** The bottleneck ResNet layer (see {@code dev.hne.tree.Bottleneck}). */
    private static final class Bottleneck implements Layer {
        final ConvBn reduce, depthwise, expand, shortcut;

        Bottleneck(Builder b, String name, int branches, int in, int out, int stride, boolean projection) {
            int mid = Math.max(1, out / 4);
            reduce = new ConvBn(b, name + "reduce.", branches, in, mid, 1, 1, 1, true);
            depthwise = new ConvBn(b, name + "depthwise.", branches, mid, mid, 3, stride, mid, true);
            expand = new ConvBn(b, name + "expand.", branches, mid, out, 1, 1, 1, false);
            shortcut = projection ? new ConvBn(b, name + "shortcut.", branches, in, out, 1, stride, 1, false) : null;
        }

        @Override
        public NDArray forward(NDArray x, int g, boolean training) {
            NDArray y = expand.forward(depthwise.forward(reduce.forward(x, g, training), g, training), g, training);
            NDArray skip = shortcut == null ? x : shortcut.forward(x, g, training);
            return Activation.relu(y.add(skip));
        }
    }

    /** Global average pool + one linear layer per leaf, as one grouped 1x1 conv with bias. */
    private static final class PoolLinear {
        final Branched weight, bias;
        final int in, out;

        PoolLinear(NDArray weight, NDArray bias, int in, int out) {
            int leaves = (int) (weight.getShape().get(0) / out);
            this.weight = new Branched(weight, leaves);   // (leaves*out, in); the conv view is made per call (below)
            this.bias = new Branched(bias, leaves);
            this.in = in;
            this.out = out;
        }

        /** (N, G*in, H, W) -> (N, G*out) */
        NDArray forward(NDArray x, int g) {
            NDArray features = Pool.globalAvgPool2d(x);                     // (N, G*in)
            long n = features.getShape().get(0);
            // a view of the weight made once, outside autograd, could not be used after SGD updated the
            // weight in place (PyTorch forbids it), so the (G*out, in, 1, 1) view is made here, per call,
            // and handed to the call's manager to be freed with it
            NDArray w = weight.first(g).reshape((long) g * out, in, 1, 1);
            w.attach(x.getManager());
            return Conv2d.conv2d(features.reshape(n, (long) g * in, 1, 1), w, bias.first(g),
                    new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), g).singletonOrThrow().reshape(n, (long) g * out);
        }
    }

    // ---------------------------------------------------------------- building

    private final class Builder {
        final NDManager manager;
        final Map<String, HostArray> init;

        Builder(NDManager manager, Map<String, HostArray> init) {
            this.manager = manager;
            this.init = init;
        }

        Layer layer(String name, LayerSpec row, int branches, int in, int stride) {
            int out = row.outChannels();
            return switch (row.type()) {
                case CONV_BN_RELU -> new ConvBn(this, name, branches, in, out, row.kernel(), stride, 1, true);
                case RESNET -> new Bottleneck(this, name, branches, in, out, stride, false);
                case RESNET_BRANCHING -> new Bottleneck(this, name, branches, in, out, stride, true);
                default -> throw new IllegalArgumentException("peer: layer " + row.type()
                        + " is not mirrored (the peer covers the ResNet trees)");
            };
        }

        NDArray param(String name, long... shape) {
            NDArray a = array(name, shape);
            parameters.put(name, a);
            return a;
        }

        NDArray buffer(String name, long... shape) {
            return array(name, shape);
        }

        private NDArray array(String name, long... shape) {
            HostArray h = init.get(name);
            if (h == null) {
                throw new IllegalArgumentException("peer: our state dict has no '" + name + "'");
            }
            if (!java.util.Arrays.equals(h.shape(), shape)) {
                throw new IllegalArgumentException("peer: '" + name + "' is " + java.util.Arrays.toString(h.shape())
                        + " in our tree, the peer expects " + java.util.Arrays.toString(shape));
            }
            NDArray a = manager.create(h.data(), new Shape(shape));
            a.setName(name);
            state.put(name, a);
            return a;
        }
    }

    /** Every leaf's logits as a list of (N, K), from {@link #forwardFirst}'s (N, n*K). */
    public NDList splitLeaves(NDArray logits) {
        return logits.split(logits.getShape().get(1) / classes, 1);
    }
}
