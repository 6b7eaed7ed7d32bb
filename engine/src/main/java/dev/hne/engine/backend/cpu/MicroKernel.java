package dev.hne.engine.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The GEMM micro-kernel: one MR x NR block of C = A * B over a k-slice, with all MR * NR / LANES
 * accumulators held in vector registers (MR = 8 rows, NR = 2 vectors = 32 columns on AVX-512, so 16
 * accumulators + 2 B vectors + 1 broadcast of the 32 zmm registers). Each k step loads one row of B
 * (2 vectors) and broadcasts MR values of A: 16 FMAs for 2 vector loads and 8 scalar broadcasts.
 *
 * <p>Not a GEMM: no packing, no blocking, no edges. {@link GemmDriver} feeds it packed A panels and
 * B rows and handles the ragged borders. The body is unrolled by hand (generated, see the commit
 * history) because C2 only keeps locals, not arrays, in registers. Legend: kc = k-slice length.
 */
final class MicroKernel {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int LANES = S.length();
    /** Rows of C per micro-tile (broadcast from packed A). */
    static final int MR = 8;
    /** Rows of C per wide micro-tile ({@link #multiplyRowsWideShift}: WIDE_MR x 2 NR). */
    static final int WIDE_MR = 4;
    /** Columns of C per micro-tile (two vectors of B). */
    static final int NR = 2 * LANES;

    private MicroKernel() {}

    /*
     * The fused kernels skip an infinite clamp bound (Epilogue.clampsBelow, clampsAbove). The test is
     * per vector, written out, not a helper taking vectors: a helper that C2 declines to inline boxes
     * them (4-5x slower, measured).
     */

    /**
     * C[0:MR, 0:NR] (+)= A[0:MR, 0:kc] * B[0:kc, 0:NR].
     *
     * @param ap packed A panel, (kc, MR) from {@code aOff}: A[r][p] at ap[aOff + p * MR + r]
     * @param b  B rows, (kc, NR) from {@code bOff} with row stride {@code ldb} (NR when packed)
     * @param c  C block, (MR, NR) from {@code cOff} with row stride {@code ldc}
     * @param accumulate add to C instead of overwriting it
     */
    static void multiply(int kc, float[] ap, int aOff, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        // Two copies of the loop, and stores written out rather than a helper: if C2 declines to
        // inline a helper that takes vectors (it did, "NodeCountInliningCutoff"), the vectors are
        // boxed on the heap and the kernel runs 5-10x slower.
        if (accumulate) {
            multiplyAdd(kc, ap, aOff, b, bOff, ldb, c, cOff, ldc);
        } else {
            multiplyStore(kc, ap, aOff, b, bOff, ldb, c, cOff, ldc);
        }
    }

    /** C[0:MR, 0:NR] = A[0:MR, 0:kc] * B[0:kc, 0:NR]. */
    private static void multiplyStore(int kc, float[] ap, int aOff, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = bOff + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + LANES);
            int ao = aOff + p * MR;
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ao + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ao + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ao + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
        }
        c00.intoArray(c, cOff + 0 * ldc);
        c01.intoArray(c, cOff + 0 * ldc + LANES);
        c10.intoArray(c, cOff + 1 * ldc);
        c11.intoArray(c, cOff + 1 * ldc + LANES);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + LANES);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + LANES);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + LANES);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + LANES);
        c60.intoArray(c, cOff + 6 * ldc);
        c61.intoArray(c, cOff + 6 * ldc + LANES);
        c70.intoArray(c, cOff + 7 * ldc);
        c71.intoArray(c, cOff + 7 * ldc + LANES);
    }

    /** C[0:MR, 0:NR] += A[0:MR, 0:kc] * B[0:kc, 0:NR]. */
    private static void multiplyAdd(int kc, float[] ap, int aOff, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = bOff + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + LANES);
            int ao = aOff + p * MR;
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ao + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ao + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ao + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
        }
        c00.add(FloatVector.fromArray(S, c, cOff + 0 * ldc)).intoArray(c, cOff + 0 * ldc);
        c01.add(FloatVector.fromArray(S, c, cOff + 0 * ldc + LANES)).intoArray(c, cOff + 0 * ldc + LANES);
        c10.add(FloatVector.fromArray(S, c, cOff + 1 * ldc)).intoArray(c, cOff + 1 * ldc);
        c11.add(FloatVector.fromArray(S, c, cOff + 1 * ldc + LANES)).intoArray(c, cOff + 1 * ldc + LANES);
        c20.add(FloatVector.fromArray(S, c, cOff + 2 * ldc)).intoArray(c, cOff + 2 * ldc);
        c21.add(FloatVector.fromArray(S, c, cOff + 2 * ldc + LANES)).intoArray(c, cOff + 2 * ldc + LANES);
        c30.add(FloatVector.fromArray(S, c, cOff + 3 * ldc)).intoArray(c, cOff + 3 * ldc);
        c31.add(FloatVector.fromArray(S, c, cOff + 3 * ldc + LANES)).intoArray(c, cOff + 3 * ldc + LANES);
        c40.add(FloatVector.fromArray(S, c, cOff + 4 * ldc)).intoArray(c, cOff + 4 * ldc);
        c41.add(FloatVector.fromArray(S, c, cOff + 4 * ldc + LANES)).intoArray(c, cOff + 4 * ldc + LANES);
        c50.add(FloatVector.fromArray(S, c, cOff + 5 * ldc)).intoArray(c, cOff + 5 * ldc);
        c51.add(FloatVector.fromArray(S, c, cOff + 5 * ldc + LANES)).intoArray(c, cOff + 5 * ldc + LANES);
        c60.add(FloatVector.fromArray(S, c, cOff + 6 * ldc)).intoArray(c, cOff + 6 * ldc);
        c61.add(FloatVector.fromArray(S, c, cOff + 6 * ldc + LANES)).intoArray(c, cOff + 6 * ldc + LANES);
        c70.add(FloatVector.fromArray(S, c, cOff + 7 * ldc)).intoArray(c, cOff + 7 * ldc);
        c71.add(FloatVector.fromArray(S, c, cOff + 7 * ldc + LANES)).intoArray(c, cOff + 7 * ldc + LANES);
    }

    /** C[0:MR, 0:NR] = clamp(A * B + shift[row], lo, hi): a fused conv + BN (+ ReLU) store. */
    static void multiplyStoreShift(int kc, float[] ap, int aOff, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, float[] shift, int shiftOff, float lo, float hi) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = bOff + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + LANES);
            int ao = aOff + p * MR;
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ao + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ao + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ao + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
        }
        FloatVector s, out;
        boolean below = Epilogue.clampsBelow(lo), above = Epilogue.clampsAbove(hi);
        s = FloatVector.broadcast(S, shift[shiftOff + 0]);
        out = c00.add(s);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 0 * ldc);
        out = c01.add(s);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 0 * ldc + LANES);
        s = FloatVector.broadcast(S, shift[shiftOff + 1]);
        out = c10.add(s);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 1 * ldc);
        out = c11.add(s);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 1 * ldc + LANES);
        s = FloatVector.broadcast(S, shift[shiftOff + 2]);
        out = c20.add(s);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 2 * ldc);
        out = c21.add(s);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 2 * ldc + LANES);
        s = FloatVector.broadcast(S, shift[shiftOff + 3]);
        out = c30.add(s);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 3 * ldc);
        out = c31.add(s);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 3 * ldc + LANES);
        s = FloatVector.broadcast(S, shift[shiftOff + 4]);
        out = c40.add(s);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 4 * ldc);
        out = c41.add(s);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 4 * ldc + LANES);
        s = FloatVector.broadcast(S, shift[shiftOff + 5]);
        out = c50.add(s);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 5 * ldc);
        out = c51.add(s);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 5 * ldc + LANES);
        s = FloatVector.broadcast(S, shift[shiftOff + 6]);
        out = c60.add(s);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 6 * ldc);
        out = c61.add(s);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 6 * ldc + LANES);
        s = FloatVector.broadcast(S, shift[shiftOff + 7]);
        out = c70.add(s);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 7 * ldc);
        out = c71.add(s);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 7 * ldc + LANES);
    }

    /** C[0:MR, 0:NR] = clamp(A * B + shift[row] + res, lo, hi), res read at C's own index: the end of a residual layer. */
    static void multiplyStoreShiftResidual(int kc, float[] ap, int aOff, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, float[] shift, int shiftOff, float[] res, float lo, float hi) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = bOff + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + LANES);
            int ao = aOff + p * MR;
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ao + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ao + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ao + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
        }
        FloatVector s, out;
        boolean below = Epilogue.clampsBelow(lo), above = Epilogue.clampsAbove(hi);
        s = FloatVector.broadcast(S, shift[shiftOff + 0]);
        out = c00.add(s).add(FloatVector.fromArray(S, res, cOff + 0 * ldc));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 0 * ldc);
        out = c01.add(s).add(FloatVector.fromArray(S, res, cOff + 0 * ldc + LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 0 * ldc + LANES);
        s = FloatVector.broadcast(S, shift[shiftOff + 1]);
        out = c10.add(s).add(FloatVector.fromArray(S, res, cOff + 1 * ldc));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 1 * ldc);
        out = c11.add(s).add(FloatVector.fromArray(S, res, cOff + 1 * ldc + LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 1 * ldc + LANES);
        s = FloatVector.broadcast(S, shift[shiftOff + 2]);
        out = c20.add(s).add(FloatVector.fromArray(S, res, cOff + 2 * ldc));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 2 * ldc);
        out = c21.add(s).add(FloatVector.fromArray(S, res, cOff + 2 * ldc + LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 2 * ldc + LANES);
        s = FloatVector.broadcast(S, shift[shiftOff + 3]);
        out = c30.add(s).add(FloatVector.fromArray(S, res, cOff + 3 * ldc));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 3 * ldc);
        out = c31.add(s).add(FloatVector.fromArray(S, res, cOff + 3 * ldc + LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 3 * ldc + LANES);
        s = FloatVector.broadcast(S, shift[shiftOff + 4]);
        out = c40.add(s).add(FloatVector.fromArray(S, res, cOff + 4 * ldc));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 4 * ldc);
        out = c41.add(s).add(FloatVector.fromArray(S, res, cOff + 4 * ldc + LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 4 * ldc + LANES);
        s = FloatVector.broadcast(S, shift[shiftOff + 5]);
        out = c50.add(s).add(FloatVector.fromArray(S, res, cOff + 5 * ldc));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 5 * ldc);
        out = c51.add(s).add(FloatVector.fromArray(S, res, cOff + 5 * ldc + LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 5 * ldc + LANES);
        s = FloatVector.broadcast(S, shift[shiftOff + 6]);
        out = c60.add(s).add(FloatVector.fromArray(S, res, cOff + 6 * ldc));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 6 * ldc);
        out = c61.add(s).add(FloatVector.fromArray(S, res, cOff + 6 * ldc + LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 6 * ldc + LANES);
        s = FloatVector.broadcast(S, shift[shiftOff + 7]);
        out = c70.add(s).add(FloatVector.fromArray(S, res, cOff + 7 * ldc));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 7 * ldc);
        out = c71.add(s).add(FloatVector.fromArray(S, res, cOff + 7 * ldc + LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 7 * ldc + LANES);
    }

    /**
     * C[0:MR, 0:NR] = clamp(scale[row] * (A * B) + shift[row], lo, hi) with A read in place from MR
     * rows of a row-major matrix (row stride lda), not from a packed panel: the fused inference
     * convolution, whose weights would otherwise be copied into packed panels on every call (at
     * batch 1 that copy moved as much memory as the GEMM). The MR row streams are read sequentially,
     * which the prefetchers follow. Kept apart from the residual version: one method holding both
     * was too big for C1's register allocator and then never reached C2 (the vectors stayed boxed).
     */
    static void multiplyRowsShift(int kc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                  float[] c, int cOff, int ldc, float[] scale, float[] shift, int rowOff,
                                  float lo, float hi) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = bOff + p * ldb, ao = aOff + p;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + LANES);
            FloatVector v;
            v = FloatVector.broadcast(S, a[ao + 0 * lda]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(S, a[ao + 1 * lda]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(S, a[ao + 2 * lda]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(S, a[ao + 3 * lda]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            v = FloatVector.broadcast(S, a[ao + 4 * lda]);
            c40 = v.fma(b0, c40);
            c41 = v.fma(b1, c41);
            v = FloatVector.broadcast(S, a[ao + 5 * lda]);
            c50 = v.fma(b0, c50);
            c51 = v.fma(b1, c51);
            v = FloatVector.broadcast(S, a[ao + 6 * lda]);
            c60 = v.fma(b0, c60);
            c61 = v.fma(b1, c61);
            v = FloatVector.broadcast(S, a[ao + 7 * lda]);
            c70 = v.fma(b0, c70);
            c71 = v.fma(b1, c71);
        }
        FloatVector sc, sh, out;
        boolean below = Epilogue.clampsBelow(lo), above = Epilogue.clampsAbove(hi);
        sc = FloatVector.broadcast(S, scale[rowOff + 0]);
        sh = FloatVector.broadcast(S, shift[rowOff + 0]);
        out = c00.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 0 * ldc);
        out = c01.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 0 * ldc + LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 1]);
        sh = FloatVector.broadcast(S, shift[rowOff + 1]);
        out = c10.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 1 * ldc);
        out = c11.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 1 * ldc + LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 2]);
        sh = FloatVector.broadcast(S, shift[rowOff + 2]);
        out = c20.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 2 * ldc);
        out = c21.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 2 * ldc + LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 3]);
        sh = FloatVector.broadcast(S, shift[rowOff + 3]);
        out = c30.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 3 * ldc);
        out = c31.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 3 * ldc + LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 4]);
        sh = FloatVector.broadcast(S, shift[rowOff + 4]);
        out = c40.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 4 * ldc);
        out = c41.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 4 * ldc + LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 5]);
        sh = FloatVector.broadcast(S, shift[rowOff + 5]);
        out = c50.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 5 * ldc);
        out = c51.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 5 * ldc + LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 6]);
        sh = FloatVector.broadcast(S, shift[rowOff + 6]);
        out = c60.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 6 * ldc);
        out = c61.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 6 * ldc + LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 7]);
        sh = FloatVector.broadcast(S, shift[rowOff + 7]);
        out = c70.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 7 * ldc);
        out = c71.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 7 * ldc + LANES);
    }

    /** As {@link #multiplyRowsShift}, plus res (same layout as C, read at C's own index) before the clamp. */
    static void multiplyRowsShiftResidual(int kc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                  float[] c, int cOff, int ldc, float[] scale, float[] shift, int rowOff,
                                  float[] res, float lo, float hi) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = bOff + p * ldb, ao = aOff + p;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + LANES);
            FloatVector v;
            v = FloatVector.broadcast(S, a[ao + 0 * lda]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(S, a[ao + 1 * lda]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(S, a[ao + 2 * lda]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(S, a[ao + 3 * lda]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            v = FloatVector.broadcast(S, a[ao + 4 * lda]);
            c40 = v.fma(b0, c40);
            c41 = v.fma(b1, c41);
            v = FloatVector.broadcast(S, a[ao + 5 * lda]);
            c50 = v.fma(b0, c50);
            c51 = v.fma(b1, c51);
            v = FloatVector.broadcast(S, a[ao + 6 * lda]);
            c60 = v.fma(b0, c60);
            c61 = v.fma(b1, c61);
            v = FloatVector.broadcast(S, a[ao + 7 * lda]);
            c70 = v.fma(b0, c70);
            c71 = v.fma(b1, c71);
        }
        FloatVector sc, sh, out;
        boolean below = Epilogue.clampsBelow(lo), above = Epilogue.clampsAbove(hi);
        sc = FloatVector.broadcast(S, scale[rowOff + 0]);
        sh = FloatVector.broadcast(S, shift[rowOff + 0]);
        out = c00.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 0 * ldc));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 0 * ldc);
        out = c01.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 0 * ldc + LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 0 * ldc + LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 1]);
        sh = FloatVector.broadcast(S, shift[rowOff + 1]);
        out = c10.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 1 * ldc));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 1 * ldc);
        out = c11.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 1 * ldc + LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 1 * ldc + LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 2]);
        sh = FloatVector.broadcast(S, shift[rowOff + 2]);
        out = c20.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 2 * ldc));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 2 * ldc);
        out = c21.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 2 * ldc + LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 2 * ldc + LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 3]);
        sh = FloatVector.broadcast(S, shift[rowOff + 3]);
        out = c30.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 3 * ldc));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 3 * ldc);
        out = c31.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 3 * ldc + LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 3 * ldc + LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 4]);
        sh = FloatVector.broadcast(S, shift[rowOff + 4]);
        out = c40.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 4 * ldc));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 4 * ldc);
        out = c41.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 4 * ldc + LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 4 * ldc + LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 5]);
        sh = FloatVector.broadcast(S, shift[rowOff + 5]);
        out = c50.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 5 * ldc));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 5 * ldc);
        out = c51.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 5 * ldc + LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 5 * ldc + LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 6]);
        sh = FloatVector.broadcast(S, shift[rowOff + 6]);
        out = c60.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 6 * ldc));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 6 * ldc);
        out = c61.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 6 * ldc + LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 6 * ldc + LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 7]);
        sh = FloatVector.broadcast(S, shift[rowOff + 7]);
        out = c70.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 7 * ldc));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 7 * ldc);
        out = c71.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 7 * ldc + LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 7 * ldc + LANES);
    }

    /**
     * C[0:WIDE_MR, 0:2*NR] = clamp(scale[row] * (A * B) + shift[row], lo, hi): {@link #multiplyRowsShift}
     * on a wide tile, 4 rows of A read in place by 64 columns of B: row p's first 32 at bOff + p * ldb,
     * its other 32 at bHalf after them (two adjacent packed panels: ldb = NR, bHalf = kc * NR; B read
     * in place: ldb its row stride, bHalf = NR).
     * Per k step it broadcasts 4 values and loads 4 vectors for 16 multiply-adds, where the 8 x 32 tile
     * broadcasts 8 and loads 2, and each weight serves 64 columns instead of 32. Each output is the
     * same chain of multiply-adds as in the 8 x 32 kernel, so the two give the same bits.
     */
    static void multiplyRowsWideShift(int kc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, int bHalf,
                                  float[] c, int cOff, int ldc, float[] scale, float[] shift, int rowOff,
                                  float lo, float hi) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = bOff + p * ldb, bo2 = bo + bHalf, ao = aOff + p;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + LANES);
            FloatVector b2 = FloatVector.fromArray(S, b, bo2);
            FloatVector b3 = FloatVector.fromArray(S, b, bo2 + LANES);
            FloatVector v;
            v = FloatVector.broadcast(S, a[ao + 0 * lda]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            c02 = v.fma(b2, c02);
            c03 = v.fma(b3, c03);
            v = FloatVector.broadcast(S, a[ao + 1 * lda]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            c12 = v.fma(b2, c12);
            c13 = v.fma(b3, c13);
            v = FloatVector.broadcast(S, a[ao + 2 * lda]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            c22 = v.fma(b2, c22);
            c23 = v.fma(b3, c23);
            v = FloatVector.broadcast(S, a[ao + 3 * lda]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            c32 = v.fma(b2, c32);
            c33 = v.fma(b3, c33);
        }
        FloatVector sc, sh, out;
        boolean below = Epilogue.clampsBelow(lo), above = Epilogue.clampsAbove(hi);
        sc = FloatVector.broadcast(S, scale[rowOff + 0]);
        sh = FloatVector.broadcast(S, shift[rowOff + 0]);
        out = c00.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 0 * ldc);
        out = c01.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 0 * ldc + 1 * LANES);
        out = c02.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 0 * ldc + 2 * LANES);
        out = c03.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 0 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 1]);
        sh = FloatVector.broadcast(S, shift[rowOff + 1]);
        out = c10.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 1 * ldc);
        out = c11.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 1 * ldc + 1 * LANES);
        out = c12.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 1 * ldc + 2 * LANES);
        out = c13.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 1 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 2]);
        sh = FloatVector.broadcast(S, shift[rowOff + 2]);
        out = c20.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 2 * ldc);
        out = c21.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 2 * ldc + 1 * LANES);
        out = c22.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 2 * ldc + 2 * LANES);
        out = c23.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 2 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 3]);
        sh = FloatVector.broadcast(S, shift[rowOff + 3]);
        out = c30.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 3 * ldc);
        out = c31.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 3 * ldc + 1 * LANES);
        out = c32.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 3 * ldc + 2 * LANES);
        out = c33.fma(sc, sh);
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 3 * ldc + 3 * LANES);
    }

    /** As {@link #multiplyRowsWideShift}, plus res (same layout as C, read at C's own index) before the clamp. */
    static void multiplyRowsWideShiftResidual(int kc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, int bHalf,
                                  float[] c, int cOff, int ldc, float[] scale, float[] shift, int rowOff,
                                  float[] res, float lo, float hi) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = bOff + p * ldb, bo2 = bo + bHalf, ao = aOff + p;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + LANES);
            FloatVector b2 = FloatVector.fromArray(S, b, bo2);
            FloatVector b3 = FloatVector.fromArray(S, b, bo2 + LANES);
            FloatVector v;
            v = FloatVector.broadcast(S, a[ao + 0 * lda]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            c02 = v.fma(b2, c02);
            c03 = v.fma(b3, c03);
            v = FloatVector.broadcast(S, a[ao + 1 * lda]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            c12 = v.fma(b2, c12);
            c13 = v.fma(b3, c13);
            v = FloatVector.broadcast(S, a[ao + 2 * lda]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            c22 = v.fma(b2, c22);
            c23 = v.fma(b3, c23);
            v = FloatVector.broadcast(S, a[ao + 3 * lda]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            c32 = v.fma(b2, c32);
            c33 = v.fma(b3, c33);
        }
        FloatVector sc, sh, out;
        boolean below = Epilogue.clampsBelow(lo), above = Epilogue.clampsAbove(hi);
        sc = FloatVector.broadcast(S, scale[rowOff + 0]);
        sh = FloatVector.broadcast(S, shift[rowOff + 0]);
        out = c00.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 0 * ldc));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 0 * ldc);
        out = c01.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 0 * ldc + 1 * LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 0 * ldc + 1 * LANES);
        out = c02.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 0 * ldc + 2 * LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 0 * ldc + 2 * LANES);
        out = c03.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 0 * ldc + 3 * LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 0 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 1]);
        sh = FloatVector.broadcast(S, shift[rowOff + 1]);
        out = c10.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 1 * ldc));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 1 * ldc);
        out = c11.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 1 * ldc + 1 * LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 1 * ldc + 1 * LANES);
        out = c12.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 1 * ldc + 2 * LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 1 * ldc + 2 * LANES);
        out = c13.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 1 * ldc + 3 * LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 1 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 2]);
        sh = FloatVector.broadcast(S, shift[rowOff + 2]);
        out = c20.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 2 * ldc));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 2 * ldc);
        out = c21.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 2 * ldc + 1 * LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 2 * ldc + 1 * LANES);
        out = c22.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 2 * ldc + 2 * LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 2 * ldc + 2 * LANES);
        out = c23.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 2 * ldc + 3 * LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 2 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 3]);
        sh = FloatVector.broadcast(S, shift[rowOff + 3]);
        out = c30.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 3 * ldc));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 3 * ldc);
        out = c31.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 3 * ldc + 1 * LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 3 * ldc + 1 * LANES);
        out = c32.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 3 * ldc + 2 * LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 3 * ldc + 2 * LANES);
        out = c33.fma(sc, sh).add(FloatVector.fromArray(S, res, cOff + 3 * ldc + 3 * LANES));
        if (below) out = out.max(lo);
        if (above) out = out.min(hi);
        out.intoArray(c, cOff + 3 * ldc + 3 * LANES);
    }
}
