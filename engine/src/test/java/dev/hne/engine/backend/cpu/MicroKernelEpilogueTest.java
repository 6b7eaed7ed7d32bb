package dev.hne.engine.backend.cpu;

import static dev.hne.engine.backend.cpu.MicroKernel.LANES;
import static dev.hne.engine.backend.cpu.MicroKernel.MR;
import static dev.hne.engine.backend.cpu.MicroKernel.NR;
import static dev.hne.engine.backend.cpu.MicroKernel.WIDE_MR;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused micro-kernels' epilogues (shift, residual, clamp to [lo, hi]) on awkward values. Each kernel
 * is run on one k step, A = 1 and B = a row of NaN, infinities, subnormals, the bounds themselves and
 * their neighbours, so every output is one known float before its epilogue; the result must have the
 * bits of the same arithmetic done in scalar, clamped with Math.min(Math.max(v, lo), hi). Written for a
 * compare-and-blend clamp that was measured and dropped (docs/performance.md, "Is it the JIT?");
 * it pins the kernels' NaN and bound semantics for any later rewrite of the epilogues.
 */
class MicroKernelEpilogueTest {

    /** Pre-clamp values, one per column (repeated to fill the tile). */
    private static final float[] AWKWARD = {Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY,
            -Float.MAX_VALUE, Float.MAX_VALUE, -7f, -1f, -Float.MIN_VALUE, 0f, Float.MIN_VALUE, Float.MIN_NORMAL,
            0.5f, Math.nextDown(6f), 6f, Math.nextUp(6f), 100f, 1e30f, -1e-30f, Math.nextDown(0.25f), 0.25f};
    /** Per-row shifts, so that some rows move values across a bound. */
    private static final float[] SHIFTS = {0f, -1f, 1f, 0.25f, -0.25f, 3f, -6f, 6f};

    /** ReLU, ReLU6, none, and an upper bound alone: the kernels skip each infinite bound on its own. */
    static Stream<Arguments> bounds() {
        return Stream.of(Arguments.of(0f, Float.POSITIVE_INFINITY), Arguments.of(0f, 6f),
                Arguments.of(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY),
                Arguments.of(Float.NEGATIVE_INFINITY, 6f));
    }

    @ParameterizedTest(name = "lo={0} hi={1}")
    @MethodSource("bounds")
    void packedKernelsEpiloguesMatchScalar(float lo, float hi) {
        for (boolean withResidual : new boolean[] {false, true}) {
            float[] ap = ones(MR), b = columns(NR), res = residual(MR, NR), c = new float[MR * NR];
            if (withResidual) {
                MicroKernel.multiplyStoreShiftResidual(1, ap, 0, b, 0, NR, c, 0, NR, SHIFTS, 0, res, lo, hi);
            } else {
                MicroKernel.multiplyStoreShift(1, ap, 0, b, 0, NR, c, 0, NR, SHIFTS, 0, lo, hi);
            }
            assertTile("packed", withResidual ? res : null, MR, NR, b, c, lo, hi, (acc, r) -> acc + SHIFTS[r]);
        }
    }

    @ParameterizedTest(name = "lo={0} hi={1}")
    @MethodSource("bounds")
    void inPlaceKernelsEpiloguesMatchScalar(float lo, float hi) {
        float[] scale = ones(MR);
        for (boolean withResidual : new boolean[] {false, true}) {
            float[] a = ones(MR), b = columns(NR), res = residual(MR, NR), c = new float[MR * NR];
            if (withResidual) {
                MicroKernel.multiplyRowsShiftResidual(1, a, 0, 1, b, 0, NR, c, 0, NR, scale, SHIFTS, 0, res, lo, hi);
            } else {
                MicroKernel.multiplyRowsShift(1, a, 0, 1, b, 0, NR, c, 0, NR, scale, SHIFTS, 0, lo, hi);
            }
            assertTile("in place", withResidual ? res : null, MR, NR, b, c, lo, hi,
                    (acc, r) -> Math.fma(acc, 1f, SHIFTS[r]));
        }
    }

    @ParameterizedTest(name = "lo={0} hi={1}")
    @MethodSource("bounds")
    void wideKernelsEpiloguesMatchScalar(float lo, float hi) {
        int cols = 2 * NR;
        float[] scale = ones(WIDE_MR);
        for (boolean withResidual : new boolean[] {false, true}) {
            // two packed panels of one k step: columns [0, NR) then [NR, 2 NR)
            float[] a = ones(WIDE_MR), b = columns(cols), res = residual(WIDE_MR, cols), c = new float[WIDE_MR * cols];
            if (withResidual) {
                MicroKernel.multiplyRowsWideShiftResidual(1, a, 0, 1, b, 0, NR, NR, c, 0, cols, scale, SHIFTS, 0, res, lo, hi);
            } else {
                MicroKernel.multiplyRowsWideShift(1, a, 0, 1, b, 0, NR, NR, c, 0, cols, scale, SHIFTS, 0, lo, hi);
            }
            assertTile("wide", withResidual ? res : null, WIDE_MR, cols, b, c, lo, hi,
                    (acc, r) -> Math.fma(acc, 1f, SHIFTS[r]));
        }
    }

    /** A kernel's epilogue before its residual and clamp: the accumulator of row r, scaled and shifted. */
    private interface Shifted {
        float of(float accumulator, int row);
    }

    /**
     * Every output of a rows x cols tile against the scalar epilogue. One k step with A = 1 leaves the
     * accumulator fma(1, b[j], 0); then shifted, plus res (null: none), clamped with Math.min(Math.max).
     */
    private static void assertTile(String kernel, float[] res, int rows, int cols, float[] b, float[] c, float lo,
                                   float hi, Shifted shifted) {
        String name = kernel + (res == null ? "" : " + residual");
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                float v = shifted.of(Math.fma(1f, b[j], 0f), r) + (res == null ? 0f : res[r * cols + j]);
                float expected = Math.min(Math.max(v, lo), hi), actual = c[r * cols + j];
                int row = r, column = j;
                assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual),
                        () -> name + " row " + row + " column " + column + ": expected " + expected + ", got " + actual);
            }
        }
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        Arrays.fill(v, 1f);
        return v;
    }

    /** One k step of B: column j holds AWKWARD[j % AWKWARD.length], shifted by a lane so vectors differ. */
    private static float[] columns(int n) {
        float[] v = new float[n];
        for (int j = 0; j < n; j++) v[j] = AWKWARD[(j + j / LANES) % AWKWARD.length];
        return v;
    }

    /** Residuals that are mostly zero, with a few values that push outputs across the bounds. */
    private static float[] residual(int rows, int cols) {
        float[] res = new float[rows * cols];
        for (int i = 0; i < res.length; i++) res[i] = i % 5 == 0 ? (i % 10 == 0 ? -2f : 2.5f) : 0f;
        return res;
    }
}
