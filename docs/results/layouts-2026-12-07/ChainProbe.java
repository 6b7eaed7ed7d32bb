package dev.hne.engine.backend.cpu;

import dev.hne.engine.backend.ConvGeometry;
import java.util.Random;

/**
 * A batch-1 bottleneck at 8 x 8 as a chain, 256 -> 64 (reduce), 3x3 depthwise 64, 64 -> 256 (expand, + residual),
 * repeated over -Dblocks blocks of their own weights (as in the network, where every layer has its own), with
 * 1 and 2 threads: does the chain scale the way the layers alone do?
 */
public class ChainProbe {
    static final String MODE = System.getProperty("mode", "rde");
    public static void main(String[] args) {
        int blocks = Integer.getInteger("blocks", 8);
        Random r = new Random(0);
        ConvGeometry reduce = new ConvGeometry(1, 256, 8, 8, 64, 1, 1, 1, 0, 1);
        ConvGeometry dw = new ConvGeometry(1, 64, 8, 8, 64, 3, 3, 1, 1, 64);
        ConvGeometry expand = new ConvGeometry(1, 64, 8, 8, 256, 1, 1, 1, 0, 1);
        float[][] wr = new float[blocks][], wd = new float[blocks][], we = new float[blocks][];
        for (int b = 0; b < blocks; b++) { wr[b] = rnd(r, 64 * 256, 0.06f); wd[b] = rnd(r, 64 * 9, 0.3f); we[b] = rnd(r, 256 * 64, 0.1f); }
        float[] s64 = ones(64), z64 = new float[64], s256 = ones(256), z256 = new float[256];
        for (int threads : new int[] {1, 2, 1, 2}) {
            Parallel par = new Parallel(threads);
            float[] x = rnd(r, 256 * 64, 1f), h1 = new float[64 * 64], h2 = new float[64 * 64], y = new float[256 * 64];
            long[] t = new long[3];
            long total = 0; int n = 0;
            for (int rep = 0; rep < 6000; rep++) {
                long t0 = System.nanoTime();
                for (int b = 0; b < blocks; b++) {
                    long a = System.nanoTime();
                    CpuConv.forwardFused(par, reduce, x, wr[b], WeightGroups.IN_ORDER, s64, z64, null, 0f, Float.POSITIVE_INFINITY, h1);
                    long bb = System.nanoTime();
                    if (MODE.contains("d")) CpuConv.forwardFused(par, dw, h1, wd[b], WeightGroups.IN_ORDER, s64, z64, null, 0f, Float.POSITIVE_INFINITY, h2);
                    long c = System.nanoTime();
                    if (MODE.contains("e")) CpuConv.forwardFused(par, expand, h2, we[b], WeightGroups.IN_ORDER, s256, z256, x, 0f, Float.POSITIVE_INFINITY, y);
                    if (MODE.contains("w")) { for (int i = 0; i < y.length; i++) y[i] = x[i] * 0.999f; }   // main rewrites the next input
                    long d = System.nanoTime();
                    if (MODE.contains("e") || MODE.contains("w")) { float[] swap = x; x = y; y = swap; }
                    if (rep >= 3000) { t[0] += bb - a; t[1] += c - bb; t[2] += d - c; }
                }
                if (rep >= 3000) { total += System.nanoTime() - t0; n++; }
            }
            int calls = n * blocks;
            System.out.printf("mode %s threads %d: block %.1f us (reduce %.1f, depthwise %.1f, expand %.1f)%n", MODE, threads,
                    total / 1e3 / calls, t[0] / 1e3 / calls, t[1] / 1e3 / calls, t[2] / 1e3 / calls);
        }
        System.exit(0);
    }
    static float[] ones(int n) { float[] a = new float[n]; java.util.Arrays.fill(a, 1f); return a; }
    static float[] rnd(Random r, int n, float s) { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = (r.nextFloat() - 0.5f) * s; return a; }
}
