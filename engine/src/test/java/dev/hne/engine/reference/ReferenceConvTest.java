package dev.hne.engine.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hne.engine.backend.ConvGeometry;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks the reference convolution's two backward passes against central finite differences of
 * L(x, w) = sum(forward(x, w) * r) for a random r: dL/dx = backwardData(r, w), dL/dw = backwardFilter(x, r).
 * L is linear in x and in w, so the central difference is exact up to rounding; we divide by the
 * step actually taken in float32, which keeps the check tight.
 */
class ReferenceConvTest {

    private static float[] random(Random rnd, int[] shape) {
        int size = 1;
        for (int d : shape) size *= d;
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = rnd.nextFloat() * 2 - 1;
        return v;
    }

    private static double loss(double[] y, float[] r) {
        double sum = 0;
        for (int i = 0; i < y.length; i++) sum += y[i] * r[i];
        return sum;
    }

    private static void check(ConvGeometry g, long seed) {
        Random rnd = new Random(seed);
        float[] x = random(rnd, g.inputShape()), w = random(rnd, g.weightShape()), r = random(rnd, g.outputShape());
        double[] dx = ReferenceConv.backwardData(g, r, w);
        double[] dw = ReferenceConv.backwardFilter(g, x, r);
        float h = 0.25f;
        for (int i = 0; i < x.length; i++) {
            float keep = x[i];
            x[i] = keep + h;
            float up = x[i];
            double lUp = loss(ReferenceConv.forward(g, x, w), r);
            x[i] = keep - h;
            float down = x[i];
            double lDown = loss(ReferenceConv.forward(g, x, w), r);
            x[i] = keep;
            assertEquals((lUp - lDown) / ((double) up - down), dx[i], 1e-9, () -> g + " dx mismatch");
        }
        for (int i = 0; i < w.length; i++) {
            float keep = w[i];
            w[i] = keep + h;
            float up = w[i];
            double lUp = loss(ReferenceConv.forward(g, x, w), r);
            w[i] = keep - h;
            float down = w[i];
            double lDown = loss(ReferenceConv.forward(g, x, w), r);
            w[i] = keep;
            assertEquals((lUp - lDown) / ((double) up - down), dw[i], 1e-9, () -> g + " dw mismatch");
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        // (N, Cin, H, W, Cout, KH, KW, stride, pad, groups)
        check(new ConvGeometry(2, 4, 5, 6, 6, 3, 3, 1, 1, 2), 1);
        check(new ConvGeometry(1, 3, 7, 5, 4, 3, 2, 2, 2, 1), 2);
        check(new ConvGeometry(2, 4, 5, 5, 4, 3, 3, 2, 1, 4), 3);   // depthwise, stride 2
        check(new ConvGeometry(3, 2, 4, 4, 3, 1, 1, 1, 0, 1), 4);   // pointwise
    }

    @Test
    void matmulMatchesDefinition() {
        Random rnd = new Random(5);
        int m = 3, n = 4, k = 5;
        float[] a = random(rnd, new int[] {m, k}), b = random(rnd, new int[] {k, n});
        // Transposed copies must give the same product.
        float[] at = new float[k * m], bt = new float[n * k];
        for (int i = 0; i < m; i++) for (int p = 0; p < k; p++) at[p * m + i] = a[i * k + p];
        for (int p = 0; p < k; p++) for (int j = 0; j < n; j++) bt[j * k + p] = b[p * n + j];
        double[] c = ReferenceConv.matmul(a, false, b, false, m, n, k);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) sum += (double) a[i * k + p] * b[p * n + j];
                assertEquals(sum, c[i * n + j], 1e-12);
            }
        }
        double[] c2 = ReferenceConv.matmul(at, true, bt, true, m, n, k);
        for (int i = 0; i < c.length; i++) assertEquals(c[i], c2[i], 1e-12);
    }
}
