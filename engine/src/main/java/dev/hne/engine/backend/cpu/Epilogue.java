package dev.hne.engine.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * What a fused inference convolution does to its output while the output is still in L1:
 * {@code y = clamp(y + shift[row] (+ residual), lo, hi)}. With the batch norm's scale already
 * folded into the packed weights, this is the rest of conv + eval batch norm + (residual add) +
 * ReLU / ReLU6 / nothing, so the activation is written to memory once instead of four times.
 *
 * <p>Applied by {@link GemmDriver#multiply} to each finished MR x NR tile of C (and by the depthwise
 * kernels to each output row). The residual, when present, has the same layout as C (it is a tensor
 * of the output's shape), so it is read at C's own index.
 *
 * @param shift    per-row (output channel) additive term, row i of the GEMM at shift[shiftOff + i]
 * @param residual same layout as C, or null
 * @param lo       lower clamp (0 for ReLU and ReLU6, -infinity for none)
 * @param hi       upper clamp (6 for ReLU6, +infinity otherwise)
 */
record Epilogue(float[] shift, int shiftOff, float[] residual, float lo, float hi) {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /*
     * The clamp, max(lo) then min(hi), follows Math.max and Math.min (NaN wins, -0 < +0), which C2
     * compiles to six instructions each on AVX-512, plus a broadcast of the bound: for a short k a fifth
     * of a fused micro-kernel's work. max(v, -inf) and min(v, +inf) are v for every v, NaN and -0
     * included, so the register kernels (MicroKernel, DepthwiseConv) skip a bound that is infinite (ReLU
     * has no upper one, no activation neither): the same bits with fewer instructions.
     */

    /** Whether clamping from below at {@code lo} can change a value (false for -infinity). */
    static boolean clampsBelow(float lo) {
        return lo != Float.NEGATIVE_INFINITY;
    }

    /** Whether clamping from above at {@code hi} can change a value (false for +infinity). */
    static boolean clampsAbove(float hi) {
        return hi != Float.POSITIVE_INFINITY;
    }

    /** The same epilogue for a GEMM whose row 0 is output channel {@code channel0}. */
    Epilogue atRow(int channel0) {
        return new Epilogue(shift, shiftOff + channel0, residual, lo, hi);
    }

    /**
     * Rows [row0, row0 + rows) of C, columns [0, cols) from cOff (row stride ldc).
     *
     * @param row0 the tile's first row within this GEMM (selects the shift)
     */
    void apply(float[] c, int cOff, int ldc, int row0, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            applyRow(c, cOff + r * ldc, cols, shift[shiftOff + row0 + r]);
        }
    }

    /** One row of {@code cols} values from {@code off}, all in the same output channel. */
    void applyRow(float[] c, int off, int cols, float sh) {
        applyRow(c, off, c, off, cols, sh);
    }

    /**
     * Rows of a finished tile buffer (row stride ldt) stored into C, epilogue applied on the way:
     * each value of the residual (read at C's index) is read before C is written there, so the
     * residual may be C itself (a layer writing its output over its residual, {@link CpuConv#canWriteOverResidual}).
     */
    void applyStore(float[] tile, int ldt, float[] c, int cOff, int ldc, int row0, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            applyRow(tile, r * ldt, c, cOff + r * ldc, cols, shift[shiftOff + row0 + r]);
        }
    }

    /** c[off + j] = clamp(src[srcOff + j] + sh (+ residual[off + j]), lo, hi) for j in [0, cols). */
    private void applyRow(float[] src, int srcOff, float[] c, int off, int cols, float sh) {
        FloatVector sv = FloatVector.broadcast(S, sh);
        int j = 0;
        if (residual != null) {
            for (; j <= cols - L; j += L) {
                FloatVector.fromArray(S, src, srcOff + j).add(sv).add(FloatVector.fromArray(S, residual, off + j))
                        .max(lo).min(hi).intoArray(c, off + j);
            }
            for (; j < cols; j++) c[off + j] = Math.min(Math.max(src[srcOff + j] + sh + residual[off + j], lo), hi);
        } else {
            for (; j <= cols - L; j += L) {
                FloatVector.fromArray(S, src, srcOff + j).add(sv).max(lo).min(hi).intoArray(c, off + j);
            }
            for (; j < cols; j++) c[off + j] = Math.min(Math.max(src[srcOff + j] + sh, lo), hi);
        }
    }
}
