package dev.hne.engine.backend.cpu;

import dev.hne.engine.backend.ConvGeometry;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/** A batch-1 1x1 conv whose input was just written by: this thread, another thread, or half by each. */
public class XcoreProbe {
    static volatile int phase;
    public static void main(String[] args) throws Exception {
        Parallel par = new Parallel(Integer.getInteger("t", 2));
        int[][] shapes = {{256, 8, 64}, {64, 8, 256}, {64, 32, 16}, {128, 16, 32}};
        Random r = new Random(0);
        for (int[] s : shapes) {
            ConvGeometry g = new ConvGeometry(1, s[0], s[1], s[1], s[2], 1, 1, 1, 0, 1);
            int hw = s[1] * s[1];
            float[] x = rnd(r, s[0] * hw), w = rnd(r, s[0] * s[2]), y = new float[s[2] * hw], sc = rnd(r, s[2]), sh = rnd(r, s[2]);
            // a helper thread that rewrites x (all of it, or its second half of channels) when asked
            AtomicInteger ask = new AtomicInteger(), doneCount = new AtomicInteger();
            int[] mode = {0};
            Thread helper = new Thread(() -> {
                int seen = 0;
                while (true) {
                    int a; while ((a = ask.get()) == seen) Thread.onSpinWait();
                    seen = a;
                    if (a < 0) return;
                    int from = mode[0] == 1 ? 0 : x.length / 2;
                    for (int i = from; i < x.length; i++) x[i] += 1e-7f;
                    doneCount.incrementAndGet();
                }
            });
            helper.setDaemon(true);
            helper.start();
            for (int m = 0; m < 3; m++) {   // 0: main writes all; 1: helper writes all; 2: each half (by channel)
                mode[0] = m;
                long sum = 0; int n = 0;
                for (int rep = 0; rep < 20000; rep++) {
                    if (m == 0) { for (int i = 0; i < x.length; i++) x[i] += 1e-7f; }
                    else {
                        int d = doneCount.get(); ask.incrementAndGet();
                        if (m == 2) for (int i = 0; i < x.length / 2; i++) x[i] += 1e-7f;
                        while (doneCount.get() == d) Thread.onSpinWait();
                    }
                    long t0 = System.nanoTime();
                    CpuConv.forwardFused(par, g, x, w, WeightGroups.IN_ORDER, sc, sh, null, 0f, 6f, y);
                    long t = System.nanoTime() - t0;
                    if (rep >= 10000) { sum += t; n++; }
                }
                System.out.printf("%-60s input written by %-22s %6.1f us%n", g, new String[] {"this thread", "another thread", "half each (channels)"}[m], sum / 1e3 / n);
            }
            ask.set(-1);
        }
        System.exit(0);
    }
    static float[] rnd(Random r, int n) { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = r.nextFloat() - 0.5f; return a; }
}
