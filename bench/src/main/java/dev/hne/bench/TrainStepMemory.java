package dev.hne.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

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
 * check (e.g. -Xmx4g: if the step fits, it runs; if not, OutOfMemoryError).
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
        HeapSampler sampler = new HeapSampler();
        sampler.start();
        for (int s = 0; s < steps; s++) {
            long t0 = System.nanoTime();
            float loss = w.step();
            System.out.printf(Locale.ROOT, "step %d: %.0f ms, loss %.3f%n", s, (System.nanoTime() - t0) / 1e6, loss);
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

    /** VmHWM of this process in KiB, or -1 where /proc is not there (not Linux). */
    static long vmHwmKib() throws IOException {
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
