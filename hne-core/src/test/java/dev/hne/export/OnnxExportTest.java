package dev.hne.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hne.ann.AnytimeNetwork;
import dev.hne.anytime.Anytime;
import dev.hne.anytime.LeafOrder;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.tree.Architectures;
import dev.hne.tree.HneTree;
import dev.hne.tree.TinySpecs;
import dev.hne.tree.TreeBuilder;
import dev.hne.tree.TreeSpec;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exported ONNX graph, run by ONNX Runtime (an independent implementation of every op), gives
 * the logits our engine gives: for every number of members n of resnet-hne-small and of a
 * mobilenet-hne tree (grouped 1x1 and depthwise convs, ReLU6, residual adds, splits), in both leaf
 * orders (the diverse order picks non-contiguous nodes: a wrong Gather or weight pick would show),
 * at a fixed and a dynamic batch, and for every exit of an anytime network. Batch-norm parameters
 * and statistics are random, so a fold that ignored any of them, or a wrong eps, would show.
 */
class OnnxExportTest {

    private static OrtEnvironment env;

    @BeforeAll
    static void start() {
        env = OrtEnvironment.getEnvironment();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void resnetHneSmallEveryN() throws OrtException {
        HneTree tree = tree(Architectures.resnetHneSmall(Architectures.Input.CIFAR10));
        Tensor x = TinySpecs.images(tree.spec(), 2, 7);
        for (int n = 1; n <= tree.leaves(); n++) {
            compareEnsemble(tree, x, n, LeafOrder.NATURAL, 2);
        }
        for (int n : new int[] {2, 3, 6, 11}) compareEnsemble(tree, x, n, LeafOrder.DIVERSE_FIRST, 2);
    }

    @Test
    void mobilenetHneEveryNBothOrders() throws OrtException {
        // the paper's MobileNet tree with its channels quartered, on 32x32 images (every layer type of Table 3)
        TreeSpec spec = Architectures.mobilenetHne(new Architectures.Input(3, 32, 10)).narrowed("mobilenet-hne/4", 4);
        HneTree tree = tree(spec);
        Tensor x = TinySpecs.images(spec, 2, 8);
        for (int n = 1; n <= tree.leaves(); n++) {
            compareEnsemble(tree, x, n, LeafOrder.NATURAL, 2);
            compareEnsemble(tree, x, n, LeafOrder.DIVERSE_FIRST, 2);
        }
    }

    @Test
    void dynamicBatchRunsAnyBatchSize() throws OrtException {
        HneTree tree = tree(TinySpecs.resnet4());
        for (int batch : new int[] {1, 5}) {
            Tensor x = TinySpecs.images(tree.spec(), batch, 9 + batch);
            compareEnsemble(tree, x, 3, LeafOrder.DIVERSE_FIRST, OnnxExport.DYNAMIC_BATCH);
            compareEnsemble(tree, x, tree.leaves(), LeafOrder.NATURAL, OnnxExport.DYNAMIC_BATCH);
        }
    }

    @Test
    void everyExitOfAnAnytimeNetwork() throws OrtException {
        TreeSpec spec = Architectures.byName("ann-resnet-small", Architectures.Input.CIFAR10);
        AnytimeNetwork net = new AnytimeNetwork(spec, 4);
        TinySpecs.randomize(net, 6, name -> name.contains("bn.") || name.startsWith("exits."));
        net.eval();
        Tensor x = TinySpecs.images(spec, 2, 10);
        List<Tensor> ours;
        try (var scope = Autograd.noGrad()) {
            ours = net.forwardExits(x);
        }
        for (int exit = 1; exit <= net.exits(); exit++) {
            float[] theirs = run(OnnxExport.annExit(net, exit, 2), x);
            assertClose(ours.get(exit - 1).toArray(), theirs, "ann exit " + exit);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static HneTree tree(TreeSpec spec) {
        HneTree tree = TreeBuilder.hne(spec, 3);
        TinySpecs.randomize(tree, 5, name -> name.contains("bn."));   // weights keep their init: logits of a sane size
        tree.eval();
        return tree;
    }

    private static void compareEnsemble(HneTree tree, Tensor x, int n, LeafOrder order, int batch) throws OrtException {
        float[] ours;
        try (var scope = Autograd.noGrad()) {
            ours = Anytime.evaluate(tree, x, n, order).ensemble().toArray();
        }
        float[] theirs = run(OnnxExport.ensemble(tree, order.first(n, tree.leaves()), batch), x);
        assertClose(ours, theirs, tree.spec().name() + " n=" + n + " " + order);
    }

    /** Runs a model on x in ONNX Runtime (one thread, all graph optimisations) and returns its logits. */
    private static float[] run(byte[] model, Tensor x) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model, options);
                 OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toArray()), toLong(x.shape()));
                 OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
                OnnxTensor out = (OnnxTensor) result.get(OnnxExport.OUTPUT).orElseThrow();
                assertArrayEquals(new long[] {x.dim(0), -1}, new long[] {out.getInfo().getShape()[0], -1},
                        "batch dimension of the output");
                FloatBuffer b = out.getFloatBuffer();
                float[] data = new float[b.remaining()];
                b.get(data);
                return data;
            }
        }
    }

    /** Same length, and max |a - b| <= 1e-4 * (1 + max |ours|): float rounding of a deep network, nothing more. */
    private static void assertClose(float[] ours, float[] theirs, String what) {
        assertTrue(ours.length == theirs.length, what + ": " + ours.length + " logits vs " + theirs.length);
        double max = 0, scale = 0;
        for (int i = 0; i < ours.length; i++) {
            max = Math.max(max, Math.abs(ours[i] - theirs[i]));
            scale = Math.max(scale, Math.abs(ours[i]));
        }
        assertTrue(scale > 1e-3, what + ": logits are all ~0, the comparison would prove nothing");
        assertTrue(max <= 1e-4 * (1 + scale), what + ": max |ours - onnx| = " + max + " (logit scale " + scale + ")");
    }

    private static long[] toLong(int[] shape) {
        long[] s = new long[shape.length];
        for (int i = 0; i < s.length; i++) s[i] = shape[i];
        return s;
    }
}
