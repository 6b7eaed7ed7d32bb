package dev.hne.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.reference.ReferenceConv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast CPU convolution (GEMM, im2col and depthwise routes) against the double-precision
 * reference, forward and both backward passes, on shapes chosen to hit every route and edge:
 * sizes that are not multiples of the vector width (16) or the thread count, odd batches, groups
 * 1/2/16 and depthwise, strides 1 and 2, padding 0/1/2, 1x1/3x3/5x5 and non-square kernels.
 *
 * <p>Tolerance: float32 accumulation error grows with the sum of |terms|, so each element gets
 * 1e-5 times the reference run on |x| and |w| (or |dy|), plus a tiny absolute floor.
 */
class CpuConvTest {

    /** Three workers: an odd count, so work splits cut unevenly. */
    private static final Parallel POOL = new Parallel(3);

    // (N, Cin, H, W, Cout, KH, KW, stride, pad, groups)
    static Stream<ConvGeometry> shapes() {
        List<ConvGeometry> list = new ArrayList<>(List.of(
                new ConvGeometry(3, 64, 8, 8, 64, 1, 1, 1, 0, 16),      // grouped 1x1, HNE-style
                new ConvGeometry(1, 16, 32, 32, 64, 1, 1, 1, 0, 1),     // 1x1 dense, batch 1
                new ConvGeometry(5, 12, 7, 9, 20, 1, 1, 1, 0, 2),       // 1x1, odd sizes
                new ConvGeometry(3, 70, 1, 1, 20, 1, 1, 1, 0, 2),       // 1x1 planes (a linear layer): dot products, 35-long
                new ConvGeometry(1, 256, 1, 1, 1000, 1, 1, 1, 0, 1),    // a 1000-class head at batch 1
                new ConvGeometry(2, 32, 9, 9, 48, 1, 1, 2, 0, 2),       // 1x1 stride 2 shortcut
                new ConvGeometry(1, 8, 6, 64, 16, 1, 1, 2, 0, 1),       // 1x1 stride 2, 32-wide output rows (im2col a vector at a time)
                new ConvGeometry(1, 3, 40, 40, 8, 3, 3, 2, 1, 1),       // a stride-2 stem: 20-wide rows, a vector and a tail
                new ConvGeometry(2, 3, 32, 32, 16, 3, 3, 1, 1, 1),      // the stem
                new ConvGeometry(1, 5, 11, 13, 7, 3, 3, 1, 1, 1),       // batch 1, ragged
                new ConvGeometry(3, 8, 10, 9, 10, 5, 5, 2, 2, 2),       // 5x5 stride 2
                new ConvGeometry(2, 6, 9, 11, 9, 3, 2, 1, 0, 3),        // non-square, no padding
                new ConvGeometry(1, 4, 6, 5, 8, 2, 3, 2, 1, 1),         // even kernel, stride 2
                new ConvGeometry(3, 16, 8, 8, 16, 3, 3, 1, 1, 16),      // depthwise vector path
                new ConvGeometry(1, 32, 32, 32, 32, 3, 3, 1, 1, 32),    // depthwise 32x32
                new ConvGeometry(2, 7, 5, 3, 7, 3, 3, 1, 1, 7),         // depthwise, plane < 16
                new ConvGeometry(2, 5, 14, 14, 5, 3, 3, 1, 1, 5),       // depthwise, whole vectors then a partial one
                new ConvGeometry(3, 6, 7, 7, 6, 3, 3, 1, 1, 6),         // depthwise 7x7 (3 whole vectors + 1 lane at 16)
                new ConvGeometry(3, 10, 9, 7, 10, 3, 3, 2, 1, 10),      // depthwise stride 2
                new ConvGeometry(1, 4, 33, 35, 4, 3, 3, 2, 1, 4),       // depthwise stride 2, rows gathered 16 at a time
                new ConvGeometry(2, 3, 12, 20, 3, 3, 3, 2, 1, 3),       // depthwise stride 2, rows gathered 8 at a time
                new ConvGeometry(1, 3, 10, 56, 3, 3, 3, 2, 1, 3),       // depthwise stride 2: 28-long phase rows, 16 + 12
                new ConvGeometry(1, 2, 32, 32, 2, 3, 3, 2, 1, 2),       // depthwise stride 2: the last row's vector would pass the array
                new ConvGeometry(2, 6, 8, 8, 6, 5, 5, 1, 2, 6),         // depthwise 5x5
                new ConvGeometry(1, 4, 7, 6, 4, 3, 3, 1, 0, 4),         // depthwise, no padding
                new ConvGeometry(2, 8, 6, 6, 16, 3, 3, 1, 1, 8),        // channel multiplier 2
                new ConvGeometry(1, 70, 5, 5, 130, 3, 3, 1, 1, 1)));    // K = 630 > KC, M > MC
        Random rnd = new Random(42);
        for (int i = 0; i < 12; i++) {
            int groups = new int[] {1, 2, 3, 16}[rnd.nextInt(4)];
            int cin = groups * (1 + rnd.nextInt(5)), cout = groups * (1 + rnd.nextInt(5));
            int kh = 1 + rnd.nextInt(4), kw = 1 + rnd.nextInt(4), pad = rnd.nextInt(3), stride = 1 + rnd.nextInt(2);
            int h = Math.max(kh, 1 + rnd.nextInt(12)), w = Math.max(kw, 1 + rnd.nextInt(12));
            list.add(new ConvGeometry(1 + rnd.nextInt(4), cin, h, w, cout, kh, kw, stride, pad, groups));
        }
        return list.stream();
    }

    private static float[] random(Random rnd, int[] shape) {
        int size = 1;
        for (int d : shape) size *= d;
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = rnd.nextFloat() * 2 - 1;
        return v;
    }

    private static float[] garbage(int[] shape) {
        int size = 1;
        for (int d : shape) size *= d;
        float[] v = new float[size];
        Arrays.fill(v, Float.NaN);   // outputs must be overwritten, never accumulated into
        return v;
    }

    static void assertClose(String what, double[] expected, double[] magnitude, float[] actual) {
        assertTrue(expected.length == actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-5 * magnitude[i] + 1e-6;
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                throw new AssertionError(what + ": element " + i + " expected " + expected[i] + " got " + actual[i]
                        + " (tolerance " + tol + ")");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void matchesReference(ConvGeometry g) {
        Random rnd = new Random(g.hashCode());
        float[] x = random(rnd, g.inputShape()), w = random(rnd, g.weightShape()), dy = random(rnd, g.outputShape());
        float[] ax = ReferenceConv.abs(x), aw = ReferenceConv.abs(w), ady = ReferenceConv.abs(dy);

        float[] y = garbage(g.outputShape());
        CpuConv.forward(POOL, g, x, w, y);
        assertClose(g + " forward", ReferenceConv.forward(g, x, w), ReferenceConv.forward(g, ax, aw), y);

        float[] dx = garbage(g.inputShape());
        CpuConv.backwardData(POOL, g, dy, w, dx);
        assertClose(g + " backward-data", ReferenceConv.backwardData(g, dy, w),
                ReferenceConv.backwardData(g, ady, aw), dx);

        float[] dw = garbage(g.weightShape());
        CpuConv.backwardFilter(POOL, g, x, dy, dw);
        assertClose(g + " backward-filter", ReferenceConv.backwardFilter(g, x, dy),
                ReferenceConv.backwardFilter(g, ax, ady), dw);
    }

    @Test
    void nestedCallsFromPoolWorkersRunInlineAndAgree() {
        ConvGeometry g = new ConvGeometry(2, 32, 8, 8, 32, 3, 3, 1, 1, 2);
        Random rnd = new Random(7);
        float[] x = random(rnd, g.inputShape()), w = random(rnd, g.weightShape());
        double[] expected = ReferenceConv.forward(g, x, w), magnitude = ReferenceConv.forward(g,
                ReferenceConv.abs(x), ReferenceConv.abs(w));
        float[][] outs = new float[4][];
        POOL.forRange(4, (from, to) -> {
            for (int i = from; i < to; i++) {
                outs[i] = garbage(g.outputShape());
                CpuConv.forward(POOL, g, x, w, outs[i]);
            }
        });
        for (float[] y : outs) assertClose("nested forward", expected, magnitude, y);
    }
}
