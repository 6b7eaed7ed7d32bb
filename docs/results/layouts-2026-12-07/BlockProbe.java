package dev.hne.engine.backend.cpu;

import dev.hne.engine.backend.ConvGeometry;
import java.util.Random;

/** 1x1 conv: NCHW forwardFused vs a pixel-blocked layout (N, HW/32, C, 32) run as one GEMM per 32-pixel block. */
public class BlockProbe {
    public static void main(String[] args) {
        int threads = Integer.getInteger("t", 2), batch = Integer.getInteger("b", 64), copies = Integer.getInteger("copies", 8);
        Parallel par = new Parallel(threads);
        int[][] shapes = {{16, 32, 64, 1}, {64, 32, 16, 0}, {64, 8, 256, 1}, {256, 8, 64, 0}, {32, 16, 128, 1}, {64, 32, 64, 0}};
        Random r = new Random(0);
        for (int[] s : shapes) {
            int cin = s[0], hw = s[1] * s[1], cout = s[2];
            ConvGeometry g = new ConvGeometry(batch, cin, s[1], s[1], cout, 1, 1, 1, 0, 1);
            float[][] xs = new float[copies][], ys = new float[copies][], rs = new float[copies][];
            float[] w = rnd(r, cout * cin), scale = rnd(r, cout), shift = rnd(r, cout);
            for (int c = 0; c < copies; c++) { xs[c] = rnd(r, batch * cin * hw); ys[c] = new float[batch * cout * hw]; rs[c] = s[3] == 1 ? rnd(r, batch * cout * hw) : null; }
            double[] mean = new double[2];
            for (int v = 0; v < 2; v++) {
                long sum = 0; int n = 0;
                for (int rep = 0; rep < 60; rep++) {
                    float[] x = xs[rep % copies], y = ys[rep % copies], res = rs[rep % copies];
                    long t0 = System.nanoTime();
                    if (v == 0) CpuConv.forwardFused(par, g, x, w, WeightGroups.IN_ORDER, scale, shift, res, 0f, 6f, y);
                    else blocked(par, g, x, w, scale, shift, res, y);
                    long t = System.nanoTime() - t0;
                    if (rep >= 20) { sum += t; n++; }
                }
                mean[v] = sum / n / 1e6;
            }
            System.out.printf("%-60s nchw %.3f ms  blocked %.3f ms  ratio %.2f%n", g, mean[0], mean[1], mean[0] / mean[1]);
        }
        System.exit(0);
    }

    static void blocked(Parallel par, ConvGeometry g, float[] x, float[] w, float[] scale, float[] shift, float[] res, float[] y) {
        int cin = g.inChannels(), cout = g.outChannels(), blocks = g.batch() * g.height() * g.width() / 32;
        int panel = GemmDriver.packedASize(cout, cin);
        float[] ap = Scratch.get(Scratch.Slot.PACKED_A, panel);
        GemmDriver.packA(w, 0, cin, false, cout, cin, scale, 0, ap, 0);
        Epilogue e = new Epilogue(shift, 0, res, 0f, 6f);
        WorkQueue.forRange(par, blocks, 1, g.macs(), (from, to) -> {
            for (int b = from; b < to; b++) {
                GemmDriver.multiply(ap, 0, cout, 32, cin, x, b * cin * 32, 32, false, y, b * cout * 32, 32, false, e);
            }
        });
    }

    static float[] rnd(Random r, int n) { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = r.nextFloat() - 0.5f; return a; }
}
