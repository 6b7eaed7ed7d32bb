package dev.hne.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.cpu.CpuBackend;
import dev.hne.engine.backend.cuda.CudaBackend;
import dev.hne.engine.backend.cuda.CudaPresence;
import dev.hne.engine.backend.cuda.CudaUnavailableException;
import dev.hne.engine.optim.Sgd;
import dev.hne.loss.HneLoss;
import dev.hne.loss.LossConfig;
import dev.hne.loss.Objective;
import dev.hne.tree.HneTree;
import dev.hne.tree.TinySpecs;
import dev.hne.tree.TreeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A short HNE training (8 leaves, every layer type of the ResNet tree, L_I + L_HD, SGD with Nesterov
 * momentum and weight decay) run on the CPU and on the GPU from the same weights and batches: the
 * losses must agree step by step. Skips, saying why, without a usable GPU.
 *
 * <p>Tolerance: relative 1e-3 per step. The two backends round differently (summation order in
 * convolutions, batch norm and the loss), and training feeds each step's rounding into the next
 * weights, so the gap grows slowly with the step count; 10 steps stay well inside it.
 */
class TrainingCudaParityTest {

    @AfterEach
    void restoreDefault() {
        Tensor.setDefaultBackend(CpuBackend.INSTANCE);
    }

    @Test
    void lossesAgreeStepByStep() {
        // Skips only without a GPU; with one, a backend that cannot start fails (CudaPresence).
        CudaPresence.skipReason().ifPresent(why -> Assumptions.abort("no GPU here, CUDA training parity not checked: " + why));
        Backend gpu;
        try {
            gpu = CudaBackend.get();
        } catch (CudaUnavailableException e) {
            throw new AssertionError("a GPU is present but the CUDA backend cannot run: " + e.getMessage(), e);
        }
        List<Float> cpuLosses = train(CpuBackend.INSTANCE);
        List<Float> gpuLosses = train(gpu);
        assertEquals(cpuLosses.size(), gpuLosses.size());
        StringBuilder table = new StringBuilder("step  cpu loss      cuda loss");
        boolean ok = true;
        for (int i = 0; i < cpuLosses.size(); i++) {
            float c = cpuLosses.get(i), g = gpuLosses.get(i);
            table.append(String.format(java.util.Locale.ROOT, "%n%4d  %.7f   %.7f", i, c, g));
            ok &= Math.abs(c - g) <= 1e-3 * Math.abs(c);
        }
        System.out.println(table);
        assertTrue(ok, "losses differ by more than 1e-3 relative:\n" + table);
        assertTrue(cpuLosses.get(cpuLosses.size() - 1) < cpuLosses.get(0), "the loss should fall:\n" + table);
    }

    /** 10 SGD steps of a tiny HNE on fixed random batches; every tensor lives on {@code backend}. */
    private static List<Float> train(Backend backend) {
        Tensor.setDefaultBackend(backend);
        HneTree tree = TreeBuilder.hne(TinySpecs.resnet4(), 11);   // built on the default backend
        tree.train(true);
        Sgd sgd = new Sgd(tree.namedParameters(), new Sgd.Options(0.9f, 5e-4f, true, false));
        LossConfig loss = LossConfig.of(Objective.HIERARCHICAL_DISTILLATION);
        Random rng = new Random(5);
        int batch = 12, classes = tree.classes();
        List<float[]> images = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            float[] x = new float[batch * 3 * 8 * 8];
            for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
            int[] y = new int[batch];
            for (int i = 0; i < batch; i++) y[i] = rng.nextInt(classes);
            images.add(x);
            labels.add(y);
        }
        List<Float> losses = new ArrayList<>();
        for (int step = 0; step < 10; step++) {
            sgd.zeroGrad();
            Tensor x = Tensor.of(images.get(step % 3), batch, 3, 8, 8);
            Tensor value = HneLoss.compute(loss, tree.forwardAll(x), labels.get(step % 3));
            value.backward();
            sgd.step(0.05f);
            losses.add(value.item());
        }
        return losses;
    }
}
