package dev.hne.engine.backend.cpu;

import dev.hne.engine.backend.ConvGeometry;
import java.util.Random;

public class ClProbe {
    public static void main(String[] args) {
        int threads = Integer.getInteger("t", 2), batch = Integer.getInteger("b", 64);
        Parallel par = new Parallel(threads);
        int[][] shapes = {
            {16, 32, 64, 1, 1, 1, 0, 1, 1}, {64, 32, 16, 1, 1, 1, 0, 1, 0}, {64, 8, 256, 1, 1, 1, 0, 1, 1},
            {256, 8, 64, 1, 1, 1, 0, 1, 0}, {32, 16, 128, 1, 1, 1, 0, 1, 1}, {64, 32, 128, 1, 1, 2, 0, 1, 0},
            {16, 32, 16, 3, 3, 1, 1, 16, 0}, {64, 16, 64, 3, 3, 2, 1, 64, 0}, {64, 8, 64, 3, 3, 1, 1, 64, 0},
            {3, 32, 16, 3, 3, 1, 1, 1, 0}};
        Random r = new Random(0);
        for (int[] s : shapes) {
            ConvGeometry g = new ConvGeometry(batch, s[0], s[1], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
            int copies = Integer.getInteger("copies", 1);
            float[][] xs = new float[copies][], ys = new float[copies][], rs = new float[copies][];
            float[] w = rnd(r, s[2] * (s[0] / s[7]) * s[3] * s[4]);
            int ysz = batch * s[2] * g.outHeight() * g.outWidth();
            for (int c = 0; c < copies; c++) { xs[c] = rnd(r, batch * s[0] * s[1] * s[1]); ys[c] = new float[ysz]; rs[c] = s[8] == 1 ? rnd(r, ysz) : null; }
            float[] scale = rnd(r, s[2]), shift = rnd(r, s[2]);
            double[] best = new double[2];
            for (int v = 0; v < 2; v++) {
                long bestNs = Long.MAX_VALUE, sum = 0; int n = 0;
                for (int rep = 0; rep < 40; rep++) {
                    float[] x = xs[rep % copies], y = ys[rep % copies], res = rs[rep % copies];
                    long t0 = System.nanoTime();
                    if (v == 0) CpuConv.forwardFused(par, g, x, w, WeightGroups.IN_ORDER, scale, shift, res, 0f, 6f, y);
                    else ChannelsLastConv.forwardFused(par, g, x, w, WeightGroups.IN_ORDER, scale, shift, res, 0f, 6f, y);
                    long t = System.nanoTime() - t0;
                    if (rep > 10) { bestNs = Math.min(bestNs, t); sum += t; n++; }
                }
                best[v] = sum / n / 1e6;
            }
            System.out.printf("%-60s nchw %.3f ms  nhwc %.3f ms  ratio %.2f%n", g, best[0], best[1], best[0] / best[1]);
        }
        System.exit(0);
    }
    static float[] rnd(Random r, int n) { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = r.nextFloat() - 0.5f; return a; }
}
