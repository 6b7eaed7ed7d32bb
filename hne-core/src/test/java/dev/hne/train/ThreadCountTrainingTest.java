package dev.hne.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.ann.AnnLoss;
import dev.hne.ann.AnytimeNetwork;
import dev.hne.ann.ConstantWeights;
import dev.hne.engine.Tensor;
import dev.hne.engine.backend.cpu.CpuBackend;
import dev.hne.engine.nn.Module;
import dev.hne.engine.optim.Sgd;
import dev.hne.loss.HneLoss;
import dev.hne.loss.LossConfig;
import dev.hne.loss.Objective;
import dev.hne.tree.HneTree;
import dev.hne.tree.TinySpecs;
import dev.hne.tree.TreeBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Training does not depend on the engine's thread count: a few SGD steps of a tiny HNE tree (every
 * layer type of the ResNet tree, hierarchical co-distillation) and of a tiny anytime network, run
 * on CPU backends of 1, 2 and 3 threads from the same seed, end with bit-identical weights,
 * batch-norm statistics, velocities and losses. Each backend is an object of its own
 * ({@link CpuBackend#withThreads}), so no global thread setting is involved.
 *
 * <p>What it catches: a reduction whose chunks follow the thread count (conv backward-filter once
 * cut the batch into 4 x threads shares, which changed every weight from the first step).
 */
class ThreadCountTrainingTest {

    private static final int[] THREADS = {1, 2, 3};
    private static final int STEPS = 3, BATCH = 12;

    @AfterEach
    void restoreDefault() {
        Tensor.setDefaultBackend(CpuBackend.INSTANCE);
    }

    @Test
    void hneTrainingIsBitIdenticalForOneTwoAndThreeThreads() {
        assertSameForEveryThreadCount(backend -> {
            HneTree tree = TreeBuilder.hne(TinySpecs.resnet4(), 11);   // built on the default backend
            LossConfig loss = LossConfig.of(Objective.HIERARCHICAL_DISTILLATION);
            return train(tree, x -> HneLoss.compute(loss, tree.forwardAll(x.images), x.labels), tree.classes());
        });
    }

    @Test
    void annTrainingIsBitIdenticalForOneTwoAndThreeThreads() {
        assertSameForEveryThreadCount(backend -> {
            AnytimeNetwork net = new AnytimeNetwork(TinySpecs.resnet4(), 13);
            ConstantWeights weights = ConstantWeights.ones(net.exits());
            return train(net, x -> AnnLoss.compute(net.forwardExits(x.images), x.labels, weights).objective(), net.classes());
        });
    }

    private record Batch(Tensor images, int[] labels) {}

    private static void assertSameForEveryThreadCount(Function<CpuBackend, Map<String, float[]>> run) {
        Map<String, float[]> first = null;
        for (int threads : THREADS) {
            CpuBackend backend = CpuBackend.withThreads(threads);
            assertEquals(threads, backend.threads());
            Tensor.setDefaultBackend(backend);
            Map<String, float[]> state = run.apply(backend);
            if (first == null) {
                first = state;
                assertTrue(first.size() > 10, "too little state to compare: " + first.keySet());
                continue;
            }
            assertEquals(first.keySet(), state.keySet());
            for (String name : first.keySet()) {
                assertArrayEquals(bits(first.get(name)), bits(state.get(name)),
                        name + ": 1 thread vs " + threads + " threads differ");
            }
        }
    }

    /** STEPS SGD steps (Nesterov, weight decay) on fixed random batches; every tensor of the result. */
    private static Map<String, float[]> train(Module model, Function<Batch, Tensor> objective, int classes) {
        model.train(true);
        Sgd sgd = new Sgd(model.namedParameters(), new Sgd.Options(0.9f, 5e-4f, true, false));
        Random rng = new Random(5);
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int step = 0; step < STEPS; step++) {
            float[] x = new float[BATCH * 3 * 8 * 8];
            for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
            int[] y = new int[BATCH];
            for (int i = 0; i < BATCH; i++) y[i] = rng.nextInt(classes);
            sgd.zeroGrad();
            Tensor loss = objective.apply(new Batch(Tensor.of(x, BATCH, 3, 8, 8), y));
            loss.backward();
            sgd.step(0.05f);
            out.put("loss." + step, loss.toArray());
        }
        model.stateDict().forEach((name, t) -> out.put(name, t.toArray()));
        sgd.state().forEach((name, t) -> out.put("velocity." + name, t.toArray()));
        return out;
    }

    private static int[] bits(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Float.floatToRawIntBits(v[i]);
        return out;
    }
}
