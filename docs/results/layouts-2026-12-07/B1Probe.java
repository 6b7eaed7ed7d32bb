package dev.hne.engine.backend.cpu;

import dev.hne.engine.backend.ConvGeometry;
import java.util.Random;

/** Batch-1 fused 1x1 convs: mean us per call with 1 or 2 threads, buffers (weights too) rotated over -Dcopies sets. */
public class B1Probe {
    public static void main(String[] args) {
        int copies = Integer.getInteger("copies", 1);
        int[][] shapes = {{256, 8, 64, 0}, {64, 8, 256, 1}, {16, 32, 64, 1}, {64, 32, 16, 0}, {32, 16, 128, 1}, {128, 16, 32, 0}};
        Random r = new Random(0);
        for (int threads : new int[] {1, 2}) {
            Parallel par = new Parallel(threads);
            for (int[] s : shapes) {
                ConvGeometry g = new ConvGeometry(1, s[0], s[1], s[1], s[2], 1, 1, 1, 0, 1);
                float[][] xs = new float[copies][], ys = new float[copies][], rs = new float[copies][], ws = new float[copies][];
                int hw = s[1] * s[1];
                for (int c = 0; c < copies; c++) { xs[c] = rnd(r, s[0] * hw); ws[c] = rnd(r, s[0] * s[2]); ys[c] = new float[s[2] * hw]; rs[c] = s[3] == 1 ? rnd(r, s[2] * hw) : null; }
                float[] scale = rnd(r, s[2]), shift = rnd(r, s[2]);
                long sum = 0; int n = 0;
                for (int rep = 0; rep < 40000; rep++) {
                    int c = rep % copies;
                    long t0 = System.nanoTime();
                    CpuConv.forwardFused(par, g, xs[c], ws[c], WeightGroups.IN_ORDER, scale, shift, rs[c], 0f, 6f, ys[c]);
                    long t = System.nanoTime() - t0;
                    if (rep >= 20000) { sum += t; n++; }
                }
                System.out.printf("threads %d copies %3d %-60s %6.1f us%n", threads, copies, g, sum / 1e3 / n);
            }
        }
        System.exit(0);
    }
    static float[] rnd(Random r, int n) { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = r.nextFloat() - 0.5f; return a; }
}
