package dev.hne.engine.backend.cpu;

import dev.hne.engine.backend.ConvGeometry;
import java.util.Random;

/** Times CpuConv.forwardFused on the batch-1, one-branch shapes of resnet-hne (CIFAR 32x32). */
public class ShapeProbe {
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        Parallel par = new Parallel(threads);
        Object[][] cases = {
            {"stem 3x3 3->16 @32", new ConvGeometry(1, 3, 32, 32, 16, 3, 3, 1, 1, 1)},
            {"1x1 16->64 @32", new ConvGeometry(1, 16, 32, 32, 64, 1, 1, 1, 0, 1)},
            {"reduce 1x1 64->16 @32", new ConvGeometry(1, 64, 32, 32, 16, 1, 1, 1, 0, 1)},
            {"dw 3x3 16 @32", new ConvGeometry(1, 16, 32, 32, 16, 3, 3, 1, 1, 16)},
            {"expand 1x1 16->64 @32", new ConvGeometry(1, 16, 32, 32, 64, 1, 1, 1, 0, 1)},
            {"reduce 1x1 128->32 @16", new ConvGeometry(1, 128, 16, 16, 32, 1, 1, 1, 0, 1)},
            {"dw 3x3 32 @16", new ConvGeometry(1, 32, 16, 16, 32, 3, 3, 1, 1, 32)},
            {"expand 1x1 32->128 @16", new ConvGeometry(1, 32, 16, 16, 128, 1, 1, 1, 0, 1)},
            {"reduce 1x1 256->64 @8", new ConvGeometry(1, 256, 8, 8, 64, 1, 1, 1, 0, 1)},
            {"dw 3x3 64 @8", new ConvGeometry(1, 64, 8, 8, 64, 3, 3, 1, 1, 64)},
            {"expand 1x1 64->256 @8", new ConvGeometry(1, 64, 8, 8, 256, 1, 1, 1, 0, 1)},
            {"shortcut 1x1 s2 128->256 @16", new ConvGeometry(1, 128, 16, 16, 256, 1, 1, 2, 0, 1)},
            {"shortcut 1x1 s2 64->128 @32", new ConvGeometry(1, 64, 32, 32, 128, 1, 1, 2, 0, 1)},
            {"shortcut 1x1 64->64 @32", new ConvGeometry(1, 64, 32, 32, 64, 1, 1, 1, 0, 1)},
            {"shortcut 1x1 256->256 @8", new ConvGeometry(1, 256, 8, 8, 256, 1, 1, 1, 0, 1)},
            {"reduce 1x1 64->32 @32", new ConvGeometry(1, 64, 32, 32, 32, 1, 1, 1, 0, 1)},
            {"reduce 1x1 128->64 @16", new ConvGeometry(1, 128, 16, 16, 64, 1, 1, 1, 0, 1)},
            {"dw s2 3x3 32 @32", new ConvGeometry(1, 32, 32, 32, 32, 3, 3, 2, 1, 32)},
            {"dw s2 3x3 64 @16", new ConvGeometry(1, 64, 16, 16, 64, 3, 3, 2, 1, 64)},
        };
        Random rnd = new Random(1);
        for (int round = 0; round < 2; round++) {
            for (Object[] c : cases) {
                ConvGeometry g = (ConvGeometry) c[1];
                float[] x = rand(rnd, g.batch() * g.inChannels() * g.height() * g.width());
                float[] w = rand(rnd, g.outChannels() * g.inPerGroup() * g.kernelH() * g.kernelW());
                float[] y = new float[g.batch() * g.outChannels() * g.outHeight() * g.outWidth()];
                float[] scale = rand(rnd, g.outChannels()), shift = rand(rnd, g.outChannels());
                int reps = (int) Math.max(200, 2e9 / g.macs() / 20);
                for (int i = 0; i < reps; i++) CpuConv.forwardFused(par, g, x, w, WeightGroups.IN_ORDER, scale, shift, null, 0f, Float.POSITIVE_INFINITY, y);
                long best = Long.MAX_VALUE;
                for (int t = 0; t < 5; t++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < reps; i++) CpuConv.forwardFused(par, g, x, w, WeightGroups.IN_ORDER, scale, shift, null, 0f, Float.POSITIVE_INFINITY, y);
                    best = Math.min(best, (System.nanoTime() - t0) / reps);
                }
                if (round == 1) System.out.printf("%-30s %7.3f MMAC %8.2f us %7.1f GFLOP/s%n", c[0], g.macs() / 1e6, best / 1e3, 2.0 * g.macs() / best);
            }
        }
        System.exit(0);
    }
    static float[] rand(Random r, int n) { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian(); return a; }
}
