package dev.hne.engine.backend.cpu;

import static dev.hne.engine.backend.cpu.MicroKernel.MR;
import static dev.hne.engine.backend.cpu.MicroKernel.NR;

/**
 * Row-major single-precision GEMM on the CPU: C(M,N) = op(A)(M,K) * op(B)(K,N), C overwritten.
 * A is stored (M,K), or (K,M) when transA; B is (K,N), or (N,K) when transB.
 *
 * <p>This class only packs A once and splits the work across {@link Parallel}'s threads (by column
 * panels, or by row panels when there are few columns); the blocked loops are {@link GemmDriver}
 * and the register-blocked inner kernel is {@link MicroKernel}. The plain loop nest is kept in
 * {@link NaiveKernels#matmul} ({@code -Dhne.cpu.naive=true}).
 */
public final class CpuGemm {

    /** Below this many multiply-adds a GEMM runs on the calling thread. */
    private static final long PARALLEL_MACS = 1L << 17;

    private CpuGemm() {}

    public static void matmul(Parallel par, float[] a, int aOffset, boolean transA, float[] b, int bOffset, boolean transB,
                              float[] c, int cOffset, int m, int n, int k) {
        if (NaiveKernels.ENABLED) {
            NaiveKernels.matmul(a, aOffset, transA, b, bOffset, transB, c, cOffset, m, n, k);
            return;
        }
        if (m <= 0 || n <= 0) {
            return;
        }
        int lda = transA ? m : k, ldb = transB ? k : n;
        float[] ap = Scratch.get(Scratch.Slot.PACKED_A, GemmDriver.packedASize(m, k));
        GemmDriver.packA(a, aOffset, lda, transA, m, k, ap, 0);

        int rowPanels = GemmDriver.ceilDiv(m, MR), colPanels = GemmDriver.ceilDiv(n, NR);
        if ((long) m * n * k < PARALLEL_MACS || par.threads() == 1) {
            GemmDriver.multiply(ap, 0, m, n, k, b, bOffset, ldb, transB, c, cOffset, n, false);
        } else if (colPanels >= 2 * par.threads() || colPanels >= rowPanels) {
            WorkQueue.forRange(par, colPanels, 1, (from, to) -> {
                int j0 = from * NR, cols = Math.min(n, to * NR) - j0;
                int bo = bOffset + (transB ? j0 * ldb : j0);
                GemmDriver.multiply(ap, 0, m, cols, k, b, bo, ldb, transB, c, cOffset + j0, n, false);
            });
        } else {
            WorkQueue.forRange(par, rowPanels, 1, (from, to) -> {
                int i0 = from * MR, rows = Math.min(m, to * MR) - i0;
                GemmDriver.multiply(ap, i0 * k, rows, n, k, b, bOffset, ldb, transB, c, cOffset + i0 * n, n, false);
            });
        }
    }
}
