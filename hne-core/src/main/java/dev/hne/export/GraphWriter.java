package dev.hne.export;

import dev.hne.engine.Tensor;
import dev.hne.engine.nn.BatchNorm2d;
import dev.hne.engine.nn.Module;
import dev.hne.tree.Branches;
import dev.hne.tree.LayerSpec;
import dev.hne.tree.Topology;
import dev.hne.tree.TreeSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes the layers of a tree's levels into an {@link OnnxGraph}, the same way the engine runs
 * them (dev.hne.tree: Level, ConvBnAct, Bottleneck, InvertedResidual, BranchLinear): the computed
 * nodes of a level side by side on the channel axis, each layer ONE grouped Conv over them, with the
 * active nodes' weight rows cut out here once. Eval-mode batch norm is folded into the conv
 * (w' = w * scale, bias = beta - mean * scale, scale = gamma / sqrt(var + eps)); the split at a
 * level is one Gather of the parents' channel groups.
 *
 * <p>It reads the weights from a state dict (keys {@code <prefix>blocks.<level>.<layer>....} and
 * {@code <prefix>classifier.<layer>....}) and walks the spec's rows as {@code TreeBuilder} does, so
 * it relies on the layers' key names and composition; {@code OnnxExportTest} runs the graph in ONNX
 * Runtime against the engine for every layer type.
 */
final class GraphWriter {

    private final OnnxGraph graph;
    private final TreeSpec spec;
    private final Topology topology;
    private final Map<String, Tensor> state;
    private final Module root;
    private final String prefix;

    /** The value flowing through the graph, its active nodes and the channels of one node. */
    private String x;
    private Branches active = Branches.all(1);
    private int channels;

    /**
     * @param root   the module the state dict came from (for batch-norm eps)
     * @param prefix the key prefix of the tree's entries ("" for an HNE, "trunk." inside an ANN)
     */
    GraphWriter(OnnxGraph graph, TreeSpec spec, Topology topology, Module root, String prefix, String input) {
        this.graph = graph;
        this.spec = spec;
        this.topology = topology;
        this.root = root;
        this.state = root.stateDict();
        this.prefix = prefix;
        this.x = input;
        this.channels = spec.inChannels();
    }

    String value() {
        return x;
    }

    int channels() {
        return channels;
    }

    /** Level b's layers for {@code nodes} (their parents must be the active nodes). */
    void level(int b, Branches nodes) {
        split(b, nodes);
        int layer = 0;
        for (LayerSpec row : spec.blocks().get(b)) {
            for (int i = 0; i < row.repeats(); i++) {
                layer(prefix + "blocks." + b + "." + layer++ + ".", row, row.strideOf(i));
            }
        }
    }

    /** The classifier rows on the active leaves; leaves the logits as (N, |leaves| * K, 1, 1). */
    void classifier() {
        int layer = 0;
        for (LayerSpec row : spec.classifier()) layer(prefix + "classifier." + layer++ + ".", row, 1);
    }

    /** A pool + linear head outside the tree (an ANN exit): weight (K, C), bias (K) at {@code key}. */
    void poolLinearHead(String key) {
        x = graph.node("GlobalAveragePool", graph.fresh("pool"), List.of(x));
        linear(key, 1, 1);
    }

    // ---------------------------------------------------------------- one level's input

    /** Each node's parent group, picked (and replicated at a split) by one Gather over channels. */
    private void split(int b, Branches nodes) {
        int fanout = topology.fanout(b);
        int[] wanted = nodes.active();
        long[] indices = new long[wanted.length * channels];
        for (int i = 0; i < wanted.length; i++) {
            int p = active.indexOf(wanted[i] / fanout);
            if (p < 0) {
                throw new IllegalArgumentException("level " + b + ": node " + wanted[i] + " needs parent "
                        + wanted[i] / fanout + ", which is not among " + Arrays.toString(active.active()));
            }
            for (int c = 0; c < channels; c++) indices[i * channels + c] = (long) p * channels + c;
        }
        boolean identity = indices.length == (long) active.count() * channels;
        for (int i = 0; identity && i < indices.length; i++) identity = indices[i] == i;
        if (!identity) {
            String idx = graph.int64s(graph.fresh("split" + b + "_channels"), indices);
            x = graph.node("Gather", graph.fresh("split" + b), List.of(x, idx), OnnxGraph.Attr.of("axis", 1));
        }
        active = nodes;
    }

    // ---------------------------------------------------------------- layers

    private void layer(String key, LayerSpec row, int stride) {
        switch (row.type()) {
            case CONV_BN_RELU -> x = convBn(key, x, stride, null, Activation.RELU);
            case CONV_BN_RELU6 -> x = convBn(key, x, stride, null, Activation.RELU6);
            case RESNET -> bottleneck(key, stride, false);
            case RESNET_BRANCHING -> bottleneck(key, stride, true);
            case MBNET, MBNET_BRANCHING -> invertedResidual(key, stride, row.outChannels());
            case POOL_LINEAR -> {
                x = graph.node("GlobalAveragePool", graph.fresh("pool"), List.of(x));
                linear(key, active.count(), topology.groups(topology.levels() - 1));
            }
            case POOL_LINEAR_RELU6 -> {
                x = graph.node("GlobalAveragePool", graph.fresh("pool"), List.of(x));
                linear(key, active.count(), topology.groups(topology.levels() - 1));
                x = Activation.RELU6.apply(graph, x);
            }
            case LINEAR -> linear(key, active.count(), topology.groups(topology.levels() - 1));
        }
    }

    /** Bottleneck: relu(expand(depthwise(reduce(x))) + shortcut(x)). */
    private void bottleneck(String key, int stride, boolean projection) {
        String in = x;
        int inChannels = channels;
        String r = convBn(key + "reduce.", in, 1, null, Activation.RELU);
        String h = convBn(key + "depthwise.", r, stride, null, Activation.RELU);
        int mid = channels;
        String skip = in;
        if (projection) {
            channels = inChannels;
            skip = convBn(key + "shortcut.", in, stride, null, Activation.NONE);
        }
        channels = mid;
        x = convBn(key + "expand.", h, 1, skip, Activation.RELU);
    }

    /** MobileNetV2 layer: project(depthwise(expand(x))) (+ x when the shape allows). */
    private void invertedResidual(String key, int stride, int out) {
        String in = x;
        boolean residual = stride == 1 && channels == out;
        String e = convBn(key + "expand.", in, 1, null, Activation.RELU6);
        String h = convBn(key + "depthwise.", e, stride, null, Activation.RELU6);
        x = convBn(key + "project.", h, 1, residual ? in : null, Activation.NONE);
    }

    /**
     * act(BN(conv(in)) + residual) with the batch norm folded into the conv; {@code channels} goes
     * from the conv's input width to its output width per node.
     */
    private String convBn(String key, String in, int stride, String residual, Activation act) {
        int total = topology.groups(levelOf(key));
        Picked w = pick(key + "conv.weight", total);
        float[] gamma = pick(key + "bn.weight", total).data, beta = pick(key + "bn.bias", total).data;
        float[] mean = pick(key + "bn.running_mean", total).data, var = pick(key + "bn.running_var", total).data;
        float eps = batchNorm(key + "bn").eps();
        int rows = w.shape[0], perRow = w.data.length / rows;
        float[] folded = new float[w.data.length], bias = new float[rows];
        for (int r = 0; r < rows; r++) {
            // the engine's float expressions (CpuBackend.conv2dBatchNormActInfer)
            float scale = gamma[r] / (float) Math.sqrt(var[r] + eps);
            bias[r] = beta[r] - mean[r] * scale;
            for (int i = r * perRow; i < (r + 1) * perRow; i++) folded[i] = w.data[i] * scale;
        }
        int kernel = w.shape[2], groups = active.count() * channels / w.shape[1];
        String y = conv(key, in, folded, w.shape, bias, kernel, stride, kernel / 2, groups);
        channels = rows / active.count();
        if (residual != null) y = graph.node("Add", graph.fresh(key + "add"), List.of(y, residual));
        return act.apply(graph, y);
    }

    /** BranchLinear on (N, |active| * in, 1, 1) features: one grouped 1x1 conv with bias. */
    private void linear(String key, int groups, int total) {
        Picked w = pick(key + "weight", total);
        float[] bias = pick(key + "bias", total).data;
        int rows = w.shape[0], in = w.shape[1];
        x = conv(key, x, w.data, new int[] {rows, in, 1, 1}, bias, 1, 1, 0, groups);
        channels = rows / groups;
    }

    private String conv(String key, String in, float[] w, int[] shape, float[] bias, int kernel, int stride,
                        int pad, int groups) {
        String wName = graph.constant(key + "weight", w, shape[0], shape[1], shape[2], shape[3]);
        String bName = graph.constant(key + "bias", bias, bias.length);
        return graph.node("Conv", graph.fresh(key + "conv"), List.of(in, wName, bName),
                OnnxGraph.Attr.ints("kernel_shape", kernel, kernel), OnnxGraph.Attr.ints("strides", stride, stride),
                OnnxGraph.Attr.ints("pads", pad, pad, pad, pad), OnnxGraph.Attr.of("group", groups));
    }

    // ---------------------------------------------------------------- weights

    /** A parameter's rows of the active nodes, {@code total} branches stored along axis 0. */
    private record Picked(float[] data, int[] shape) {}

    private Picked pick(String key, int total) {
        Tensor t = state.get(key);
        if (t == null) {
            throw new IllegalStateException("export: no state entry " + key + " (the layer layout changed?)");
        }
        int[] shape = t.shape();
        float[] all = t.toArray();
        int perBranch = all.length / total;
        int[] nodes = active.active();
        float[] out = new float[perBranch * nodes.length];
        for (int i = 0; i < nodes.length; i++) System.arraycopy(all, nodes[i] * perBranch, out, i * perBranch, perBranch);
        shape[0] = shape[0] / total * nodes.length;
        return new Picked(out, shape);
    }

    /** Level of a key below the prefix: blocks.b.* is level b, classifier.* (and heads) the last. */
    private int levelOf(String key) {
        String rest = key.substring(prefix.length());
        return rest.startsWith("blocks.") ? Integer.parseInt(rest.split("\\.")[1]) : topology.levels() - 1;
    }

    private BatchNorm2d batchNorm(String path) {
        Module m = root;
        for (String part : path.split("\\.")) {
            m = m.children().get(part);
            if (m == null) {
                throw new IllegalStateException("export: no module " + path);
            }
        }
        return (BatchNorm2d) m;
    }

    /** What follows a conv: nothing, Relu, or Clip(0, 6). */
    enum Activation {
        NONE, RELU, RELU6;

        String apply(OnnxGraph graph, String in) {
            return switch (this) {
                case NONE -> in;
                case RELU -> graph.node("Relu", graph.fresh("relu"), List.of(in));
                case RELU6 -> graph.node("Clip", graph.fresh("relu6"), List.of(in, graph.constant(graph.fresh("zero"),
                        new float[] {0f}), graph.constant(graph.fresh("six"), new float[] {6f})));
            };
        }
    }
}
