package dev.hne.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.backend.ConvGeometry;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The CPU kernels give bit-identical results for 1, 2, 3 and 5 threads. Reductions are the danger:
 * convolution backward-filter sums over the batch, and when it cut the batch into one share per
 * thread the summation order (and so the last bits of dw) followed the thread count. Each kernel
 * here runs on shapes whose work is split, once per pool, and every output is compared bitwise.
 */
class ThreadCountIndependenceTest {

    private static final int[] THREADS = {1, 2, 3, 5};

    // (N, Cin, H, W, Cout, KH, KW, stride, pad, groups): few groups, so backward-filter splits the batch
    private static final ConvGeometry[] SHAPES = {
        new ConvGeometry(16, 32, 8, 8, 48, 1, 1, 1, 0, 1),     // pointwise, one group
        new ConvGeometry(12, 16, 9, 7, 24, 3, 3, 2, 1, 2),     // im2col, two groups, odd sizes (forward on the caller)
        new ConvGeometry(12, 16, 18, 14, 24, 3, 3, 2, 1, 2),   // the same, forward large enough to fork (1.3M MACs)
        new ConvGeometry(10, 24, 8, 8, 24, 3, 3, 1, 1, 24),    // depthwise 3x3
        new ConvGeometry(1, 32, 20, 20, 64, 1, 1, 1, 0, 1),    // pointwise, 0.8M MACs: every pass on the caller
        new ConvGeometry(2, 64, 16, 16, 64, 1, 1, 1, 0, 1),    // pointwise, 2.1M MACs, 2 images: forks with columns cut
    };

    @Test
    void backwardFilterIsBitIdenticalForEveryThreadCount() {
        for (ConvGeometry g : SHAPES) {
            Random rnd = new Random(g.hashCode());
            float[] x = random(rnd, g.inputShape()), dy = random(rnd, g.outputShape());
            assertSameForAllPools(g + " backward-filter", par -> {
                float[] dw = new float[(int) count(g.weightShape())];
                CpuConv.backwardFilter(par, g, x, dy, dw);
                return dw;
            });
        }
    }

    @Test
    void forwardAndBackwardDataAreBitIdenticalForEveryThreadCount() {
        for (ConvGeometry g : SHAPES) {
            Random rnd = new Random(g.hashCode() + 1);
            float[] x = random(rnd, g.inputShape()), w = random(rnd, g.weightShape()), dy = random(rnd, g.outputShape());
            assertSameForAllPools(g + " forward", par -> {
                float[] y = new float[dy.length];
                CpuConv.forward(par, g, x, w, y);
                return y;
            });
            assertSameForAllPools(g + " backward-data", par -> {
                float[] dx = new float[x.length];
                CpuConv.backwardData(par, g, dy, w, dx);
                return dx;
            });
        }
    }

    /**
     * The fused inference route at batch 1, where a widening 1x1 layer on several threads cuts its
     * output channels (CpuConv.splitsOutputChannels) and one thread computes all of it: the same bits.
     */
    @Test
    void fusedBatchOneLayersAreBitIdenticalForEveryThreadCount() {
        for (ConvGeometry g : new ConvGeometry[] {new ConvGeometry(1, 16, 32, 32, 64, 1, 1, 1, 0, 1),
                new ConvGeometry(1, 64, 8, 8, 256, 1, 1, 1, 0, 1), new ConvGeometry(1, 64, 32, 32, 16, 1, 1, 1, 0, 1)}) {
            Random rnd = new Random(g.hashCode() + 2);
            float[] x = random(rnd, g.inputShape()), w = random(rnd, g.weightShape()), res = random(rnd, g.outputShape());
            float[] scale = random(rnd, new int[] {g.outChannels()}), shift = random(rnd, new int[] {g.outChannels()});
            assertSameForAllPools(g + " fused forward", par -> {
                float[] y = new float[res.length];
                CpuConv.forwardFused(par, g, x, w, WeightGroups.IN_ORDER, scale, shift, res, 0f, 6f, y);
                return y;
            });
        }
    }

    @Test
    void matmulIsBitIdenticalForEveryThreadCount() {
        int m = 70, n = 300, k = 129;
        Random rnd = new Random(3);
        float[] a = random(rnd, new int[] {m, k}), b = random(rnd, new int[] {k, n});
        assertSameForAllPools("matmul", par -> {
            float[] c = new float[m * n];
            CpuGemm.matmul(par, a, 0, false, b, 0, false, c, 0, m, n, k);
            return c;
        });
    }

    @Test
    void backwardFilterSplitsTheBatchBySizeAlone() {
        // guards the tests above: with one group the batch really is cut into several partial sums,
        // which is the case where a thread-dependent cut changed the bits
        assertTrue(CpuConv.batchShares(1, 16) > 1);
        assertTrue(CpuConv.batchShares(CpuConv.FILTER_TASKS, 16) == 1);
    }

    private static void assertSameForAllPools(String what, Function<Parallel, float[]> kernel) {
        float[] first = kernel.apply(new Parallel(THREADS[0]));
        for (int i = 1; i < THREADS.length; i++) {
            float[] other = kernel.apply(new Parallel(THREADS[i]));
            int[] a = bits(first), b = bits(other);
            assertArrayEquals(a, b, what + ": 1 thread vs " + THREADS[i] + " threads differ");
        }
    }

    private static int[] bits(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Float.floatToRawIntBits(v[i]);
        return out;
    }

    private static long count(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    private static float[] random(Random rnd, int[] shape) {
        float[] v = new float[(int) count(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian();
        return v;
    }
}
