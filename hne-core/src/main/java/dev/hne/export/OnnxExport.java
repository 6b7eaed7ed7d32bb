package dev.hne.export;

import dev.hne.ann.AnytimeNetwork;
import dev.hne.tree.Branches;
import dev.hne.tree.HneTree;
import dev.hne.tree.Topology;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * ONNX export of an anytime model at one operating point (docs/export.md): the ensemble of some
 * members of an HNE (the mean of their logits, as {@code dev.hne.anytime.Ensemble}), or one exit of
 * an anytime network. The graph reads {@code images} (N, C, H, W) float and writes {@code logits}
 * (N, K); N is fixed or, with {@link #DYNAMIC_BATCH}, symbolic ("batch"). Opset 17, eval mode,
 * batch norm folded into the convolutions, only the requested members' nodes.
 */
public final class OnnxExport {

    /** The batch argument for a symbolic batch dimension. */
    public static final int DYNAMIC_BATCH = -1;

    public static final String INPUT = "images", OUTPUT = "logits";

    private OnnxExport() {}

    /**
     * The ensemble of {@code leaves} (distinct leaf indices) of an HNE, in eval mode.
     *
     * @param batch images per call, or {@link #DYNAMIC_BATCH}
     */
    public static byte[] ensemble(HneTree tree, int[] leaves, int batch) {
        Topology topology = tree.topology();
        int[] sorted = IntStream.of(leaves).distinct().sorted().toArray();
        if (sorted.length != leaves.length || sorted[0] < 0 || sorted[sorted.length - 1] >= tree.leaves()) {
            throw new IllegalArgumentException("export: leaves " + Arrays.toString(leaves) + " must be distinct and in [0, "
                    + tree.leaves() + ")");
        }
        OnnxGraph graph = new OnnxGraph(tree.spec().name());
        declareInput(graph, tree.spec().inChannels(), tree.spec().resolution(), batch);
        GraphWriter w = new GraphWriter(graph, tree.spec(), topology, tree, "", INPUT);
        List<Integer> members = IntStream.of(sorted).boxed().toList();
        for (int b = 0; b < topology.levels(); b++) w.level(b, tree.ancestors(members, b));
        w.classifier();
        int k = tree.classes(), n = sorted.length;
        String flat = graph.node("Flatten", graph.fresh("flat"), List.of(w.value()), OnnxGraph.Attr.of("axis", 1));
        if (n == 1) {
            graph.node("Identity", OUTPUT, List.of(flat));
        } else {
            // (N, n * K) -> (N, n, K) -> mean over the members (Reshape's 0 keeps the batch dimension)
            String shape = graph.int64s(graph.fresh("members_shape"), 0, n, k);
            String members3 = graph.node("Reshape", graph.fresh("members"), List.of(flat, shape));
            graph.node("ReduceMean", OUTPUT, List.of(members3), OnnxGraph.Attr.ints("axes", 1),
                    OnnxGraph.Attr.of("keepdims", 0));
        }
        graph.output(OUTPUT, "batch", batch, k);
        return graph.encode("hne export", tree.spec().name() + ", ensemble of leaves " + Arrays.toString(sorted)
                + ", eval mode");
    }

    /** Exit {@code exit} (1-based, 1..S) of an anytime network: stages 1..exit, then that exit's head. */
    public static byte[] annExit(AnytimeNetwork net, int exit, int batch) {
        if (exit < 1 || exit > net.exits()) {
            throw new IllegalArgumentException("export: exit " + exit + " is not in 1.." + net.exits());
        }
        OnnxGraph graph = new OnnxGraph(net.spec().name());
        declareInput(graph, net.spec().inChannels(), net.spec().resolution(), batch);
        Topology path = Topology.single(net.spec().levels());
        GraphWriter w = new GraphWriter(graph, net.spec(), path, net, "trunk.", INPUT);
        for (int b = 0; b < exit; b++) w.level(b, Branches.all(1));
        if (exit == net.exits()) {
            w.classifier();
        } else {
            w.poolLinearHead("exits." + (exit - 1) + ".");
        }
        graph.node("Flatten", OUTPUT, List.of(w.value()), OnnxGraph.Attr.of("axis", 1));
        graph.output(OUTPUT, "batch", batch, net.classes());
        return graph.encode("hne export", net.spec().name() + ", exit " + exit + " of " + net.exits() + ", eval mode");
    }

    private static void declareInput(OnnxGraph graph, int channels, int resolution, int batch) {
        if (batch == 0 || batch < DYNAMIC_BATCH) {
            throw new IllegalArgumentException("export: batch must be positive or dynamic, got " + batch);
        }
        graph.input(INPUT, "batch", batch, channels, resolution, resolution);
    }
}
