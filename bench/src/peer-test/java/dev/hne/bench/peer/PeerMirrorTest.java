package dev.hne.bench.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hne.anytime.Anytime;
import dev.hne.anytime.EnsembleOutput;
import dev.hne.anytime.LeafOrder;
import dev.hne.cost.CostModel;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.loss.HneLoss;
import dev.hne.loss.LossConfig;
import dev.hne.loss.Objective;
import dev.hne.tree.Architectures;
import dev.hne.tree.HneTree;
import dev.hne.tree.TreeBuilder;
import dev.hne.tree.TreeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The peer mirrors our tree: same parameter count, and with the same weights the same logits for
 * the first n members (eval mode) and for all leaves in training mode (batch statistics), and the
 * same L_I + L_HD on the same logits. Runs only in the -Ppeer build (it loads PyTorch, offline).
 */
class PeerMirrorTest {

    /** What TorchTrainStep.loss computes: L_I + T^2 L_HD, the loss definition before issue 15 (hne-loss/1). */
    private static final LossConfig PEER_LOSS = new LossConfig(Objective.HIERARCHICAL_DISTILLATION, 2f, 0.5f,
            dev.hne.loss.SoftScale.T_SQUARED, LossConfig.Definition.SUMMED);


    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = PeerSetup.start();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet-hne", "resnet-hne-small"})
    void sameParameterCount(String arch) {
        TreeSpec spec = Architectures.byName(arch, Architectures.Input.CIFAR10);
        HneTree ours = TreeBuilder.hne(spec, 3);
        TorchHneTree peer = new TorchHneTree(manager, spec, PeerSetup.ourInitialState(spec, 3));
        assertEquals(ours.parameterCount(), peer.parameterCount());
        // and both agree with the cost model's count of the whole tree (all leaves)
        assertEquals(CostModel.hne(spec).forFirst(ours.leaves(), LeafOrder.NATURAL).params(), peer.parameterCount());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8, 11, 16})
    void sameLogitsForTheFirstNMembersInEvalMode(int n) {
        TreeSpec spec = Architectures.byName("resnet-hne-small", Architectures.Input.CIFAR10);
        HneTree ours = TreeBuilder.hne(spec, 5);
        ours.eval();
        TorchHneTree peer = new TorchHneTree(manager, spec, PeerSetup.ourInitialState(spec, 5));
        float[] img = randomImages(3, 7);
        EnsembleOutput mine;
        try (var s = Autograd.noGrad()) {
            mine = Anytime.evaluate(ours, Tensor.of(img, 3, 3, 32, 32), n, LeafOrder.NATURAL);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(img, new Shape(3, 3, 32, 32));
            NDList leaves = peer.splitLeaves(peer.forwardFirst(x, n, false));
            for (int j = 0; j < n; j++) assertClose(mine.leafLogits().get(j).toArray(), leaves.get(j).toFloatArray(), "leaf " + j);
            assertClose(mine.ensemble().toArray(), peer.ensembleFirst(x, n).toFloatArray(), "ensemble");
        }
    }

    @org.junit.jupiter.api.Test
    void sameLogitsOfAllLeavesInTrainingMode() {
        TreeSpec spec = Architectures.byName("resnet-hne-small", Architectures.Input.CIFAR10);
        HneTree ours = TreeBuilder.hne(spec, 9);
        ours.train(true);
        TorchHneTree peer = new TorchHneTree(manager, spec, PeerSetup.ourInitialState(spec, 9));
        float[] img = randomImages(4, 11);
        List<Tensor> mine;
        try (var s = Autograd.noGrad()) {
            mine = ours.forwardAll(Tensor.of(img, 4, 3, 32, 32));
        }
        try (NDManager scope = manager.newSubManager()) {
            NDList leaves = peer.splitLeaves(peer.forwardFirst(scope.create(img, new Shape(4, 3, 32, 32)), 16, true));
            for (int j = 0; j < 16; j++) assertClose(mine.get(j).toArray(), leaves.get(j).toFloatArray(), "leaf " + j);
        }
    }

    @org.junit.jupiter.api.Test
    void sameHierarchicalDistillationLoss() {
        int batch = 5, leaves = 16, k = 10;
        Random rng = new Random(13);
        float[] logits = new float[batch * leaves * k];
        for (int i = 0; i < logits.length; i++) logits[i] = (float) (3 * rng.nextGaussian());
        int[] labels = rng.ints(batch, 0, k).toArray();
        List<Tensor> perLeaf = new ArrayList<>();
        for (int j = 0; j < leaves; j++) {
            float[] z = new float[batch * k];
            for (int i = 0; i < batch; i++) System.arraycopy(logits, (i * leaves + j) * k, z, i * k, k);
            perLeaf.add(Tensor.of(z, batch, k));
        }
        float mine = HneLoss.compute(PEER_LOSS, perLeaf, labels).item();
        float[] hot = new float[batch * k];
        for (int i = 0; i < batch; i++) hot[i * k + labels[i]] = 1f;
        try (NDManager scope = manager.newSubManager()) {
            float peer = TorchTrainStep.loss(scope.create(logits, new Shape(batch, leaves * k)),
                    scope.create(hot, new Shape(batch, 1, k)), leaves, k).getFloat();
            assertEquals(mine, peer, 1e-4 * Math.abs(mine));
        }
    }

    @org.junit.jupiter.api.Test
    void oneTrainingStepGivesTheSameLossAndTheSameClassifierUpdate() {
        TreeSpec spec = Architectures.byName("resnet-hne-small", Architectures.Input.CIFAR10);
        HneTree ours = TreeBuilder.hne(spec, 17);
        ours.train(true);
        TorchHneTree peer = new TorchHneTree(manager, spec, PeerSetup.ourInitialState(spec, 17));
        float[] img = randomImages(4, 19);
        int[] labels = {3, 0, 9, 3};
        var sgd = new dev.hne.engine.optim.Sgd(ours.namedParameters(),
                new dev.hne.engine.optim.Sgd.Options(0.9f, 5e-4f, false, true));
        Tensor loss = HneLoss.compute(PEER_LOSS,
                ours.forwardAll(Tensor.of(img, 4, 3, 32, 32)), labels);
        sgd.zeroGrad();
        loss.backward();
        sgd.step(0.1f);
        float peerLoss = new TorchTrainStep(manager, peer, img, labels, 3, 32, 10).step();
        assertEquals(loss.item(), peerLoss, 1e-4 * Math.abs(loss.item()));
        // The classifier, next to the loss, must get the same update. Deeper parameters are NOT
        // compared: after one step they differ by ~0.3% of the update in the last block, growing to
        // ~20% at the first convolution (2026-11-23; training-mode batch norm over 4 images, where
        // ReLU masks near zero may flip between engines, or a backward difference: open, see
        // docs/performance.md). Timing is unaffected: both sides do the same work.
        for (String name : new String[] {"classifier.0.weight", "classifier.0.bias"}) {
            assertClose(ours.namedParameters().get(name).value().toArray(), peer.parameters().get(name).toFloatArray(), name);
        }
    }

    private static float[] randomImages(int batch, long seed) {
        Random rng = new Random(seed);
        float[] img = new float[batch * 3 * 32 * 32];
        for (int i = 0; i < img.length; i++) img[i] = (float) rng.nextGaussian();
        return img;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (float v : expected) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-3 * Math.max(1, scale), what + " at " + i);
        }
    }
}
