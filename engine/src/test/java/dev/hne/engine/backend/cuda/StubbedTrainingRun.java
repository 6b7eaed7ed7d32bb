package dev.hne.engine.backend.cuda;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.cpu.CpuBackend;
import dev.hne.engine.nn.BatchNorm2d;
import dev.hne.engine.nn.Conv2d;
import dev.hne.engine.nn.Linear;
import dev.hne.engine.nn.Module;
import dev.hne.engine.nn.Sequential;
import dev.hne.engine.ops.CrossEntropy;
import dev.hne.engine.ops.GlobalAvgPool;
import dev.hne.engine.ops.GatherGroups;
import dev.hne.engine.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Part of {@link CudaStubJniTest}'s child JVM: a small grouped network (convolutions with 1, 2 and
 * 16 groups, a branch split, batch norm, ReLU, pooling, a linear layer, cross-entropy, Nesterov SGD)
 * trained for 6 steps on the CPU and on the CUDA backend, from the same seed, then evaluated. With the
 * stubs every op runs on the host, so this checks the whole Java path of a training step through the
 * backend (autograd, the default backend, allocation and release) without a GPU.
 * Prints "TRAIN step cpuLoss cudaLoss" and "EVAL cpuSum cudaSum", and before each CUDA step the
 * allocator's counters ("STEPMEM step reclaims R leaked L released E requests Q") with a "STEP step" mark in the
 * stub's call log, so the parent can count the driver calls each step makes.
 */
final class StubbedTrainingRun {

    private StubbedTrainingRun() {}

    static void run(CudaBackend gpu) {
        mark("TRAINING");
        float[][] cpu = train(CpuBackend.INSTANCE, step -> {}), cuda = train(gpu, step -> {
            mark("STEP " + step);   // the parent counts the driver calls between these marks
            System.out.println("STEPMEM " + step + " reclaims " + gpu.allocator().reclaims()
                    + " leaked " + gpu.allocator().leakedReturns() + " released " + gpu.allocator().explicitReturns()
                    + " requests " + (gpu.allocator().hits() + gpu.allocator().misses()));
        });
        for (int leaves : LEAF_COUNTS) {
            trainHeads(gpu, leaves);
        }
        mark("HEADS END");
        Tensor.setDefaultBackend(CpuBackend.INSTANCE);
        for (int i = 0; i < cpu[0].length; i++) {
            System.out.println("TRAIN " + i + " " + cpu[0][i] + " " + cuda[0][i]);
        }
        System.out.println("EVAL " + cpu[1][0] + " " + cuda[1][0]);
    }

    /** The leaf counts of {@link #trainHeads}. */
    static final int[] LEAF_COUNTS = {1, 2, 4, 8};
    /** Steps per leaf count; the parent looks at the last two (after warm-up). */
    static final int HEAD_STEPS = 3;

    /**
     * A shared stem and {@code leaves} linear heads, each with its own cross-entropy against the
     * same one-hot labels (uploaded once per step, as HneLoss does), summed; backward, SGD, and the
     * loss read at the end of the step. Marks "HEADS leaves step" before each step, so the parent can
     * count the calls that make the host wait for the device: the same few, whatever the leaf count.
     */
    private static void trainHeads(CudaBackend gpu, int leaves) {
        Tensor.setDefaultBackend(gpu);
        Random rng = new Random(11);
        Module stem = new Sequential(new Conv2d(rng, 3, 8, 3, 1, 1, 1), new BatchNorm2d(8), Sequential.of(Tensor::relu),
                Sequential.of(GlobalAvgPool::apply));
        List<Linear> heads = new ArrayList<>();
        var params = new java.util.LinkedHashMap<>(stem.namedParameters());
        for (int j = 0; j < leaves; j++) {
            Linear head = new Linear(rng, 8, 5);
            heads.add(head);
            for (var e : head.namedParameters().entrySet()) params.put("head" + j + "." + e.getKey(), e.getValue());
        }
        Sgd sgd = new Sgd(params, new Sgd.Options(0.9f, 1e-4f, true, false));
        Random data = new Random(5);
        int batch = 4;
        for (int step = 0; step < HEAD_STEPS; step++) {
            mark("HEADS " + leaves + " " + step);
            float[] x = new float[batch * 3 * 6 * 6];
            for (int i = 0; i < x.length; i++) x[i] = (float) data.nextGaussian();
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) labels[i] = data.nextInt(5);
            Tensor features = stem.forward(Tensor.of(x, batch, 3, 6, 6));
            Tensor targets = CrossEntropy.oneHot(labels, 5, gpu);
            Tensor loss = null;
            for (Linear head : heads) {
                Tensor term = CrossEntropy.hard(head.forward(features), targets);
                loss = loss == null ? term : loss.add(term);
            }
            sgd.zeroGrad();
            loss.backward();
            sgd.step(0.05f);
            System.out.println("HEADSLOSS " + leaves + " " + step + " " + loss.item());
        }
    }

    /** Writes a marker into the stub's call log, so the parent can tell these calls from earlier ones. */
    private static void mark(String text) {
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of(System.getenv("HNE_STUB_LOG")), text + "\n",
                    java.nio.file.StandardOpenOption.APPEND, java.nio.file.StandardOpenOption.CREATE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Losses of 6 steps, then the sum of |logits| of an eval-mode forward. */
    private static float[][] train(Backend backend, java.util.function.IntConsumer beforeStep) {
        Tensor.setDefaultBackend(backend);
        Random rng = new Random(42);
        Module net = new Sequential(
                new Conv2d(rng, 3, 8, 3, 1, 1, 1), new BatchNorm2d(8), Sequential.of(Tensor::relu),
                Sequential.of(x -> GatherGroups.apply(x, 1, 0, 0)),                   // 8 -> 2 x 8 channels
                new Conv2d(rng, 16, 16, 3, 2, 1, 2), new BatchNorm2d(16), Sequential.of(Tensor::relu),
                new Conv2d(rng, 16, 16, 3, 1, 1, 16), new BatchNorm2d(16), Sequential.of(Tensor::relu),
                Sequential.of(GlobalAvgPool::apply), new Linear(rng, 16, 5));
        Sgd sgd = new Sgd(net.namedParameters(), new Sgd.Options(0.9f, 1e-4f, true, false));
        Random data = new Random(7);
        List<Float> losses = new ArrayList<>();
        int batch = 6;
        for (int step = 0; step < 6; step++) {
            beforeStep.accept(step);
            float[] x = new float[batch * 3 * 9 * 9];
            for (int i = 0; i < x.length; i++) x[i] = (float) data.nextGaussian();
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) labels[i] = data.nextInt(5);
            Tensor loss = CrossEntropy.hard(net.forward(Tensor.of(x, batch, 3, 9, 9)), labels);
            sgd.zeroGrad();
            loss.backward();
            sgd.step(0.1f);
            losses.add(loss.item());
        }
        beforeStep.accept(6);   // the end of the last step
        net.eval();
        float[] x = new float[batch * 3 * 9 * 9];
        for (int i = 0; i < x.length; i++) x[i] = (float) data.nextGaussian();
        float sum = 0;
        try (var scope = Autograd.noGrad()) {
            for (float v : net.forward(Tensor.of(x, batch, 3, 9, 9)).toArray()) sum += Math.abs(v);
        }
        float[] l = new float[losses.size()];
        for (int i = 0; i < l.length; i++) l[i] = losses.get(i);
        return new float[][] {l, {sum}};
    }
}
