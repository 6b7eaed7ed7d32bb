package dev.hne.bench;

import dev.hne.anytime.Anytime;
import dev.hne.anytime.LeafOrder;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.tree.Architectures;
import dev.hne.tree.HneTree;
import dev.hne.tree.TreeBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A quick table of anytime inference latency: the ensemble of the first n members (natural order),
 * eval mode, no grad, through the public path ({@link Anytime#evaluate}); median of the timed rounds
 * per n. The n values are interleaved round by round, so load from other processes spreads over all
 * of them. For profiling and A/B checks; the JMH benchmarks are the reference numbers.
 *
 * <pre>java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -cp bench/target/benchmarks.jar \
 *     dev.hne.bench.InferenceTiming [arch] [batch] [rounds] [n,n,...]</pre>
 */
public final class InferenceTiming {

    public static void main(String[] args) {
        String arch = args.length > 0 ? args[0] : "resnet-hne";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        HneTree tree = TreeBuilder.hne(Architectures.byName(arch, Architectures.defaultInput(arch)), 1);
        int[] ns = args.length > 3 ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
                : powersOfTwoUpTo(tree.leaves());
        tree.eval();
        var in = Architectures.defaultInput(arch);
        Tensor x = Tensor.randn(new Random(2), 1f, batch, in.channels(), in.resolution(), in.resolution());
        int warmup = Math.max(3, rounds / 3);
        List<List<Double>> times = new ArrayList<>(), cpu = new ArrayList<>();
        for (int n : ns) {
            times.add(new ArrayList<>());
            cpu.add(new ArrayList<>());
        }
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = 0; r < warmup + rounds; r++) {
            for (int i = 0; i < ns.length; i++) {
                long t0 = System.nanoTime(), c0 = mx.getCurrentThreadCpuTime();
                try (var scope = Autograd.noGrad()) {
                    Anytime.evaluate(tree, x, ns[i], LeafOrder.NATURAL).ensemble().toArray();
                }
                if (r >= warmup) {
                    times.get(i).add((System.nanoTime() - t0) / 1e6);
                    cpu.get(i).add((mx.getCurrentThreadCpuTime() - c0) / 1e6);
                }
            }
        }
        // With -Dhne.threads=1 all work runs on this thread, so its CPU time measures the work even
        // when other processes share the cores (wall time then mostly measures them).
        System.out.printf("%s batch %d, %d threads, %d rounds after %d warm-up; ms: median (25th percentile, min)"
                + "; median CPU ms of the calling thread%n",
                arch, batch, dev.hne.engine.backend.cpu.CpuBackend.INSTANCE.threads(), rounds, warmup);
        for (int i = 0; i < ns.length; i++) {
            double[] t = times.get(i).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double[] c = cpu.get(i).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("  n=%-3d %8.2f  (%.2f, %.2f)   cpu %.2f%n", ns[i], t[t.length / 2], t[t.length / 4], t[0],
                    c[c.length / 2]);
        }
    }

    private static int[] powersOfTwoUpTo(int leaves) {
        List<Integer> ns = new ArrayList<>();
        for (int n = 1; n <= leaves; n *= 2) ns.add(n);
        return ns.stream().mapToInt(Integer::intValue).toArray();
    }
}
