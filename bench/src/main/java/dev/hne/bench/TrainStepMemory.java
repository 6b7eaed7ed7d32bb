package dev.hne.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.SavedMemory;
import dev.hne.engine.backend.cpu.CpuBackend;

/**
 * Peak memory of full-tree training steps (default: resnet-hne, batch 128, 4 steps), heap and
 * process, printed as:
 * <ul>
 *   <li>heap used, sampled: the largest used heap seen by a thread polling every 5 ms (close to
 *       the real peak of live + not-yet-collected data);</li>
 *   <li>heap pools' peaks: the sum over heap pools of each pool's own peak (an upper bound, since
 *       eden and old generation peak at different moments), and the peak committed heap;</li>
 *   <li>RSS: VmHWM of /proc/self/status, the resident-set high-water mark of the whole process
 *       (heap, JIT code, thread stacks, native buffers).</li>
 * </ul>
 * The JVM grows its heap lazily up to -Xmx, so RSS depends on -Xmx; run it with the limit you want to
 * check (e.g. -Xmx4g: if the step fits, it runs; if not, OutOfMemoryError). The first line says how
 * the step keeps its activations ({@code -Dhne.recompute}: auto by default, which picks by heap).
 * <pre>
 *   java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Dhne.threads=2 -Xmx4g \
 *        -cp bench/target/benchmarks.jar dev.hne.bench.TrainStepMemory [arch] [batch] [steps]
 * </pre>
 */
public final class TrainStepMemory {

    public static void main(String[] args) throws Exception {
        String arch = args.length > 0 ? args[0] : "resnet-hne";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        TrainStepWorkload w = new TrainStepWorkload(arch, batch, "cpu", 1);
        System.out.println("memory: " + w.tree.trainingMemory(batch).describe());   // -Dhne.recompute, auto by default
        HeapSampler sampler = new HeapSampler();
        sampler.start();
        CpuBackend cpu = (CpuBackend) w.tree.backend();
        for (int s = 0; s < steps; s++) {
            long t0 = System.nanoTime(), misses = cpu.poolMisses();
            float loss = s < steps - 1 ? w.step() : lastStepWithLiveSet(w);
            System.out.printf(Locale.ROOT, "step %d: %.0f ms, loss %.3f, %d fresh arrays (pool misses)%n", s,
                    (System.nanoTime() - t0) / 1e6, loss, cpu.poolMisses() - misses);
        }
        sampler.stop = true;
        sampler.join();
        long poolPeaks = 0, committed = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                poolPeaks += pool.getPeakUsage().getUsed();
                committed += pool.getPeakUsage().getCommitted();
            }
        }
        System.out.printf(Locale.ROOT, "%s batch %d, %d steps, max heap %d MiB%n", arch, batch, steps,
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "heap used, sampled peak:     %6d MiB%n", sampler.peak >> 20);
        System.out.printf(Locale.ROOT, "heap pools, sum of peaks:    %6d MiB (upper bound)%n", poolPeaks >> 20);
        System.out.printf(Locale.ROOT, "heap committed, pools' peak: %6d MiB%n", committed >> 20);
        System.out.printf(Locale.ROOT, "RSS high-water mark (VmHWM): %6d MiB%n", vmHwmKib() >> 10);
    }

    /**
     * The last step, with a look at the peak in between: at the end of the forward pass every
     * activation that backward reads is alive. Prints them by the ops that saved them, the free
     * arrays the pool holds, and the used heap after a full collection (live + pool + small
     * objects). The collection adds to this step's time; the earlier steps are the timing.
     */
    private static float lastStepWithLiveSet(TrainStepWorkload w) {
        Tensor loss = w.forward();
        long total = 0;
        System.out.println("saved for backward at the end of the forward pass (distinct storages, by saving ops):");
        for (Map.Entry<String, SavedMemory.Group> e : SavedMemory.byOp(loss).entrySet()) {
            System.out.printf(Locale.ROOT, "  %-48s %5d x  %7.1f MiB%n", e.getKey(), e.getValue().storages(),
                    e.getValue().floats() * 4 / 1048576.0);
            total += e.getValue().floats();
        }
        System.out.printf(Locale.ROOT, "  %-48s          %7.1f MiB%n", "total", total * 4 / 1048576.0);
        if (loss.backend() instanceof CpuBackend cpu) {
            System.out.printf(Locale.ROOT, "free arrays in the pool:     %6d MiB%n", cpu.pooledFloats() * 4 >> 20);
        }
        System.gc();
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "heap used after a full GC:   %6d MiB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
        return w.finish(loss);
    }

    /** VmHWM of this process in KiB, or -1 where /proc is not there (not Linux). */
    public static long vmHwmKib() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Polls used heap; a GC can empty eden between two polls, so this slightly under-reads the peak. */
    private static final class HeapSampler extends Thread {
        volatile boolean stop;
        volatile long peak;

        HeapSampler() {
            setDaemon(true);
            setName("heap-sampler");
        }

        @Override
        public void run() {
            Runtime rt = Runtime.getRuntime();
            while (!stop) {
                peak = Math.max(peak, rt.totalMemory() - rt.freeMemory());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
