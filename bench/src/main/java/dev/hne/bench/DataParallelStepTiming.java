package dev.hne.bench;

import dev.hne.engine.Tensor;
import dev.hne.engine.backend.cpu.CpuBackend;
import dev.hne.engine.dist.Communicator;
import dev.hne.engine.dist.GradientAverager;
import dev.hne.engine.dist.LaunchEnvironment;
import dev.hne.engine.dist.MpiCommunicator;
import dev.hne.engine.dist.SingleProcess;
import dev.hne.engine.dist.StateBroadcast;
import dev.hne.engine.nn.Parameter;
import dev.hne.engine.optim.Sgd;
import dev.hne.loss.HneLoss;
import dev.hne.loss.LossConfig;
import dev.hne.loss.Objective;
import dev.hne.tree.Architectures;
import dev.hne.tree.HneTree;
import dev.hne.tree.TreeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The numbers of docs/distributed.md, "Measured here": one data-parallel training step of an HNE
 * split into its phases, and the gradient all-reduce alone, on every rank of an mpirun job (or one
 * process without a launcher). What the trainer does per step, without the data loader:
 *
 * <pre>
 *   forward of all leaves + L_I + L_HD on the local batch (global batch / ranks)
 *   backward
 *   all-reduce  GradientAverager: 25 MB buckets, MPI_Allreduce, x 1/ranks   (includes waiting for the slower rank)
 *   sgd
 * </pre>
 * Then the all-reduce alone, {@code reps} times after a barrier each (pure communication: both ranks
 * start together). Rank 0 prints medians (and min, max); the share of the all-reduce in the step says
 * whether overlapping it with backward could pay.
 *
 * <pre>
 *   mpirun --bind-to none -np 2 java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Dhne.threads=1 \
 *       -cp hne-core/target/hne.jar:bench/target/classes dev.hne.bench.DataParallelStepTiming [arch] [globalBatch] [steps] [reps]
 *   java ... -Dhne.threads=2 ... dev.hne.bench.DataParallelStepTiming      (one process: no all-reduce)
 * </pre>
 */
public final class DataParallelStepTiming {

    public static void main(String[] args) throws IOException {
        String arch = args.length > 0 ? args[0] : "resnet-hne";
        int globalBatch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        Communicator comm = LaunchEnvironment.detect().isPresent() ? MpiCommunicator.init() : new SingleProcess();
        int batch = globalBatch / comm.size();
        Architectures.Input input = Architectures.defaultInput(arch);
        HneTree tree = TreeBuilder.hne(Architectures.byName(arch, input), 1);
        StateBroadcast.fromRankZero(comm, tree);
        tree.train(true);
        Sgd sgd = new Sgd(tree.namedParameters(), new Sgd.Options(0.9f, 5e-4f, false, true));
        GradientAverager averager = new GradientAverager(comm);
        Collection<Parameter> params = tree.namedParameters().values();
        Random rng = new Random(2 + comm.rank());   // each rank its own batch
        Tensor x = Tensor.randn(rng, 1f, batch, input.channels(), input.resolution(), input.resolution());
        int[] labels = rng.ints(batch, 0, input.classes()).toArray();
        LossConfig loss = LossConfig.of(Objective.HIERARCHICAL_DISTILLATION);

        say(comm, String.format(Locale.ROOT, "%s: %d rank(s) x %d thread(s), global batch %d (%d per rank), %.1f MB"
                        + " of gradients, load %s", arch, comm.size(), CpuBackend.INSTANCE.threads(), globalBatch, batch,
                4e-6 * tree.parameterCount(), load()));
        List<double[]> phases = new ArrayList<>();   // forward, backward, all-reduce, sgd, total (ms)
        for (int s = 0; s < steps + 1; s++) {        // step 0 warms up (JIT, first allocations)
            long t0 = System.nanoTime();
            Tensor l = HneLoss.compute(loss, tree.forwardAll(x), labels);
            long t1 = System.nanoTime();
            sgd.zeroGrad();
            l.backward();
            long t2 = System.nanoTime();
            averager.average(params);
            long t3 = System.nanoTime();
            sgd.step(0.01f);
            long t4 = System.nanoTime();
            double[] ms = {(t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t4 - t0) / 1e6};
            if (s > 0) phases.add(ms);
            say(comm, String.format(Locale.ROOT, "step %d: forward %.0f ms, backward %.0f ms, all-reduce %.1f ms,"
                    + " sgd %.0f ms, total %.0f ms%s", s, ms[0], ms[1], ms[2], ms[3], ms[4], s == 0 ? " (warm-up)" : ""));
        }
        String[] names = {"forward", "backward", "all-reduce", "sgd", "step"};
        for (int p = 0; p < names.length; p++) {
            int phase = p;
            say(comm, String.format(Locale.ROOT, "median %-10s %8.1f ms", names[p],
                    median(phases.stream().mapToDouble(ms -> ms[phase]).toArray())));
        }
        double stepMedian = median(phases.stream().mapToDouble(ms -> ms[4]).toArray());
        double reduceMedian = median(phases.stream().mapToDouble(ms -> ms[2]).toArray());
        say(comm, String.format(Locale.ROOT, "all-reduce share of the step: %.1f %% (median)",
                100 * reduceMedian / stepMedian));
        if (comm.size() > 1) {
            double[] alone = new double[reps];
            for (int r = 0; r < reps; r++) {
                comm.barrier();
                long t0 = System.nanoTime();
                averager.average(params);
                alone[r] = (System.nanoTime() - t0) / 1e6;
            }
            java.util.Arrays.sort(alone);
            say(comm, String.format(Locale.ROOT, "all-reduce alone (after a barrier, %d reps): median %.1f ms,"
                    + " best %.1f ms, worst %.1f ms; load %s", reps, median(alone), alone[0], alone[reps - 1], load()));
        }
        comm.close();
    }

    private static void say(Communicator comm, String line) {
        if (comm.rank() == 0) {
            System.out.println(line);
            System.out.flush();
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String load() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }
}
