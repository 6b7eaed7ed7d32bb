package dev.hne.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Checks one engine op against its double-precision reference, forward and backward together:
 * <ol>
 *   <li>the engine's float output equals the reference output;</li>
 *   <li>with a random cotangent r, the engine's gradient of sum(op(x) * r) with respect to each
 *       input equals the central finite difference of the reference, (f(x+h) - f(x-h)) / 2h,
 *       evaluated in double precision (for inputs too large to probe fully, a random subset of
 *       elements).</li>
 * </ol>
 */
public final class GradCheck {

    private static final double H = 1e-6;
    private static final int MAX_PROBES = 300;

    private final String name;
    private final Random rng;
    private final List<int[]> shapes = new ArrayList<>();
    private final List<Boolean> differentiable = new ArrayList<>();
    private final List<float[]> fixedValues = new ArrayList<>();
    private double tolerance = 2e-3;

    public GradCheck(String name, long seed) {
        this.name = name;
        this.rng = new Random(seed);
    }

    /** A random N(0,1) input that takes gradients. */
    public GradCheck input(int... shape) {
        return input(null, true, shape);
    }

    /** An input with given values; {@code differentiable} false for constants (labels, statistics). */
    public GradCheck input(float[] values, boolean isDifferentiable, int... shape) {
        shapes.add(shape);
        differentiable.add(isDifferentiable);
        fixedValues.add(values);
        return this;
    }

    public GradCheck tolerance(double tol) {
        this.tolerance = tol;
        return this;
    }

    public void check(Function<List<Tensor>, Tensor> op, Function<List<double[]>, double[]> reference) {
        List<float[]> values = new ArrayList<>();
        List<Tensor> inputs = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            float[] v = fixedValues.get(i);
            if (v == null) {
                v = new float[Math.toIntExact(Tensor.sizeOf(shapes.get(i)))];
                for (int j = 0; j < v.length; j++) v[j] = (float) rng.nextGaussian();
            }
            values.add(v);
            inputs.add(Tensor.of(v, shapes.get(i)).requiresGrad(differentiable.get(i)));
        }

        // 1. forward
        Tensor y = op.apply(inputs);
        double[] expected = reference.apply(toDouble(values));
        assertClose(name + " forward", expected, y.toArray());

        // 2. backward against finite differences of the reference
        float[] r = new float[expected.length];
        for (int j = 0; j < r.length; j++) r[j] = (float) rng.nextGaussian();
        Tensor loss = y.mul(Tensor.of(r, y.shape())).sum();
        loss.backward();
        for (int i = 0; i < inputs.size(); i++) {
            if (!differentiable.get(i)) {
                continue;
            }
            Tensor grad = inputs.get(i).grad();
            if (grad == null) {
                fail(name + ": input " + i + " received no gradient");
            }
            float[] analytic = grad.toArray();
            List<double[]> probe = toDouble(values);
            double[] x = probe.get(i);
            int count = Math.min(x.length, MAX_PROBES);
            int[] elements = x.length <= MAX_PROBES ? range(x.length) : rng.ints(count, 0, x.length).toArray();
            double[] numeric = new double[count];
            double[] chosen = new double[count];
            for (int p = 0; p < count; p++) {
                int e = elements[p];
                double saved = x[e];
                x[e] = saved + H;
                double plus = dot(reference.apply(probe), r);
                x[e] = saved - H;
                double minus = dot(reference.apply(probe), r);
                x[e] = saved;
                numeric[p] = (plus - minus) / (2 * H);
                chosen[p] = analytic[e];
            }
            assertClose(name + " gradient of input " + i, numeric, toFloat(chosen));
        }
    }

    private void assertClose(String what, double[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": size");
        double scale = 1e-3;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]);
            assertTrue(err <= tolerance * (Math.abs(expected[i]) + 0.1 * scale),
                    what + " differs at element " + i + ": expected " + expected[i] + ", got " + actual[i]);
        }
    }

    private static List<double[]> toDouble(List<float[]> values) {
        List<double[]> out = new ArrayList<>();
        for (float[] v : values) {
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) d[i] = v[i];
            out.add(d);
        }
        return out;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    private static double dot(double[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }
}
