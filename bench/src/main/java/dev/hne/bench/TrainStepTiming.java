package dev.hne.bench;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.optim.Sgd;
import dev.hne.loss.HneLoss;
import dev.hne.loss.LossConfig;
import dev.hne.loss.Objective;
import dev.hne.tree.Architectures;
import dev.hne.tree.HneTree;
import dev.hne.tree.TreeBuilder;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Random;

/**
 * A quick timing of one HNE training step (forward of the full tree, L_I + L_HD, backward, SGD)
 * and of full-tree inference, split into phases; for profiling, not a substitute for the JMH runs.
 * Besides wall time each step reports the process CPU time (all threads, GC included: on a shared
 * machine it moves far less than wall time), the garbage collectors' time, and the heap's peak
 * (sum of the pools' peaks since the previous step, an upper bound on what was in use at once).
 *
 * <pre>java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar dev.hne.bench.TrainStepTiming [arch] [batch] [steps]</pre>
 */
public final class TrainStepTiming {

    public static void main(String[] args) {
        String arch = args.length > 0 ? args[0] : "resnet-hne";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        HneTree tree = TreeBuilder.hne(Architectures.byName(arch, Architectures.Input.CIFAR10), 1);
        Sgd sgd = new Sgd(tree.namedParameters(), new Sgd.Options(0.9f, 5e-4f, false, true));
        Random rng = new Random(2);
        Tensor x = Tensor.randn(rng, 1f, batch, 3, 32, 32);
        int[] labels = rng.ints(batch, 0, 10).toArray();
        LossConfig loss = LossConfig.of(Objective.HIERARCHICAL_DISTILLATION);
        for (int s = 0; s < steps; s++) {
            resetHeapPeaks();
            long cpu0 = processCpuNanos(), gc0 = gcMillis();
            long t0 = System.nanoTime();
            List<Tensor> leaves = tree.forwardAll(x);
            Tensor l = HneLoss.compute(loss, leaves, labels);
            long t1 = System.nanoTime();
            sgd.zeroGrad();
            l.backward();
            long t2 = System.nanoTime();
            sgd.step(0.1f);
            long t3 = System.nanoTime();
            System.out.printf("train step %d: forward %.0f ms, backward %.0f ms, sgd %.0f ms, total %.0f ms (loss %.3f)"
                    + " | cpu %.0f ms, gc %d ms, heap peak %.0f MB%n",
                    s, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t3 - t0) / 1e6, l.item(),
                    (processCpuNanos() - cpu0) / 1e6, gcMillis() - gc0, heapPeakBytes() / 1e6);
        }
        tree.eval();
        for (int s = 0; s < steps; s++) {
            long t0 = System.nanoTime();
            try (var scope = Autograd.noGrad()) {
                tree.forward(x);
            }
            System.out.printf("inference (all leaves): %.0f ms%n", (System.nanoTime() - t0) / 1e6);
        }
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) total += gc.getCollectionTime();
        return total;
    }

    private static void resetHeapPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
        }
    }

    private static long heapPeakBytes() {
        long total = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) total += pool.getPeakUsage().getUsed();
        }
        return total;
    }
}
