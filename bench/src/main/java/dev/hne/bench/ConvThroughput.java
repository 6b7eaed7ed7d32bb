package dev.hne.bench;

import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.backend.cpu.CpuBackend;
import dev.hne.engine.backend.cpu.CpuConv;
import dev.hne.engine.backend.cpu.CpuGemm;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Prints GFLOP/s and GB/s of the CPU convolution kernels (forward, backward-data, backward-filter)
 * on the HNE shapes at batch 64, plus one square GEMM. Each case: warm-up for about a second, then
 * 15 timed calls; prints the median and the best (on a shared machine the best is the cleaner view
 * of the kernel, the median of the machine). FLOPs = 2 * ConvGeometry.macs(); bytes = the three arrays touched
 * (read two, write one) counted once each, float32 - a lower bound on real traffic.
 *
 * <p>Not JMH (see ConvBenchmark for that): a quick table. Run after building bench:
 * <pre>
 *   java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar dev.hne.bench.ConvThroughput [filter]
 * </pre>
 * {@code -Dhne.threads=1} measures one core. An optional argument keeps only cases whose name contains it.
 */
public final class ConvThroughput {

    private static final int RUNS = 15;

    /** The convolution shapes, by name: (N, Cin, H, W, Cout, KH, KW, stride, pad, groups). */
    public static Map<String, ConvGeometry> cases() {
        Map<String, ConvGeometry> m = new LinkedHashMap<>();
        m.put("g16_1x1_256to64_8x8", new ConvGeometry(64, 4096, 8, 8, 1024, 1, 1, 1, 0, 16));
        m.put("dw3x3_1024ch_8x8", new ConvGeometry(64, 1024, 8, 8, 1024, 3, 3, 1, 1, 1024));
        m.put("dw3x3_32ch_32x32", new ConvGeometry(64, 32, 32, 32, 32, 3, 3, 1, 1, 32));
        m.put("dw3x3_s2_64ch_32x32", new ConvGeometry(64, 64, 32, 32, 64, 3, 3, 2, 1, 64));
        m.put("g2_1x1_64to16_32x32", new ConvGeometry(64, 128, 32, 32, 32, 1, 1, 1, 0, 2));
        m.put("g4_1x1_32to128_16x16", new ConvGeometry(64, 128, 16, 16, 512, 1, 1, 1, 0, 4));
        m.put("g1_1x1_64to256_16x16", new ConvGeometry(64, 64, 16, 16, 256, 1, 1, 1, 0, 1));
        m.put("g8_1x1s2_128to256_16x16", new ConvGeometry(64, 1024, 16, 16, 2048, 1, 1, 2, 0, 8));
        m.put("stem_3x3_3to16_32x32", new ConvGeometry(64, 3, 32, 32, 16, 3, 3, 1, 1, 1));
        // The largest layers of the full resnet-hne tree at batch 64 by CostModel MACs (per branch x
        // branches): level 4 (16 branches, 8x8) expand 64->256 and shortcut 256->256, level 3
        // (8 branches) reduce 128->64 at 16x16 and its stride-2 depthwise, level 1's shortcut 64->64.
        m.put("g16_1x1_64to256_8x8", new ConvGeometry(64, 1024, 8, 8, 4096, 1, 1, 1, 0, 16));
        m.put("g16_1x1_256to256_8x8", new ConvGeometry(64, 4096, 8, 8, 4096, 1, 1, 1, 0, 16));
        m.put("g8_1x1_128to64_16x16", new ConvGeometry(64, 1024, 16, 16, 512, 1, 1, 1, 0, 8));
        m.put("dw3x3_s2_512ch_16x16", new ConvGeometry(64, 512, 16, 16, 512, 3, 3, 2, 1, 512));
        m.put("g2_1x1_64to64_32x32", new ConvGeometry(64, 128, 32, 32, 128, 1, 1, 1, 0, 2));
        // Fashion-MNIST's 28x28 images: planes of 14x14 and 7x7 end in a partial vector (196 and 49
        // floats), unlike every CIFAR shape above (DepthwiseConv's PARTIAL_VECTORS)
        m.put("dw3x3_256ch_14x14", new ConvGeometry(64, 256, 14, 14, 256, 3, 3, 1, 1, 256));
        m.put("dw3x3_512ch_7x7", new ConvGeometry(64, 512, 7, 7, 512, 3, 3, 1, 1, 512));
        return m;
    }

    private interface Call {
        void run();
    }

    /** {median, best} seconds of one call after about a second of warm-up. */
    static double[] time(Call call) {
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        int warm = 0;
        while (System.nanoTime() < warmEnd || warm < 3) {
            call.run();
            warm++;
        }
        double[] t = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            call.run();
            t[i] = (System.nanoTime() - t0) * 1e-9;
        }
        Arrays.sort(t);
        return new double[] {t[RUNS / 2], t[0]};
    }

    static float[] random(Random rnd, int[] shape) {
        int size = 1;
        for (int d : shape) size *= d;
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = rnd.nextFloat() * 2 - 1;
        return v;
    }

    private static void row(String name, String pass, double[] seconds, double flops, double bytes) {
        double median = seconds[0], best = seconds[1];
        System.out.printf("%-26s %-16s %9.3f ms %8.1f GFLOP/s %7.1f GB/s | best %9.3f ms %8.1f GFLOP/s %7.1f GB/s%n",
                name, pass, median * 1e3, flops / median * 1e-9, bytes / median * 1e-9,
                best * 1e3, flops / best * 1e-9, bytes / best * 1e-9);
    }

    public static void main(String[] args) {
        String filter = args.length > 0 ? args[0] : "";
        System.out.println("threads=" + CpuBackend.INSTANCE.threads() + ", median of " + RUNS + " calls after 1 s warm-up");
        Random rnd = new Random(1);
        for (Map.Entry<String, ConvGeometry> e : cases().entrySet()) {
            if (!e.getKey().contains(filter)) continue;
            ConvGeometry g = e.getValue();
            float[] x = random(rnd, g.inputShape()), w = random(rnd, g.weightShape()), dy = random(rnd, g.outputShape());
            float[] y = new float[dy.length], dx = new float[x.length], dw = new float[w.length];
            double flops = 2.0 * g.macs(), bytes = 4.0 * (x.length + w.length + y.length);
            row(e.getKey(), "forward", time(() -> CpuConv.forward(CpuBackend.INSTANCE.parallel(), g, x, w, y)), flops, bytes);
            row(e.getKey(), "backward-data", time(() -> CpuConv.backwardData(CpuBackend.INSTANCE.parallel(), g, dy, w, dx)), flops, bytes);
            row(e.getKey(), "backward-filter", time(() -> CpuConv.backwardFilter(CpuBackend.INSTANCE.parallel(), g, x, dy, dw)), flops, bytes);
        }
        if ("gemm".contains(filter) || filter.isEmpty()) {
            int n = 1024;
            float[] a = random(rnd, new int[] {n, n}), b = random(rnd, new int[] {n, n}), c = new float[n * n];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    double[] s = time(() -> CpuGemm.matmul(CpuBackend.INSTANCE.parallel(), a, 0, ta, b, 0, tb, c, 0, n, n, n));
                    row("gemm_1024", (ta ? "T" : "N") + (tb ? "T" : "N"), s, 2.0 * n * n * n, 12.0 * n * n);
                }
            }
        }
    }
}
