package dev.hne.engine.backend.cpu;

import dev.hne.engine.reference.ReferenceConv;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CpuGemm against the double-precision reference for every transA/transB combination, on sizes
 * around the micro-tile (8 x 32), the blocking (KC = 256, MC = 128) and the thread split, with
 * non-zero offsets into the arrays. Tolerance as in CpuConvTest: relative to sum |a||b|.
 */
class CpuGemmTest {

    /** Three workers: an odd count, so the row and column splits cut unevenly. */
    private static final Parallel POOL = new Parallel(3);

    private static float[] random(Random rnd, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = rnd.nextFloat() * 2 - 1;
        return v;
    }

    @ParameterizedTest
    @CsvSource({
        "1, 1, 1", "1, 33, 7", "9, 1, 3", "8, 32, 16", "7, 31, 5", "17, 65, 33", "64, 64, 256",
        "3, 100, 300", "130, 47, 257", "200, 9, 70", "16, 1024, 27", "33, 2100, 12", "129, 129, 513",
        "300, 70, 20"})   // the last: k <= ROW_ORDER_MAX_K, tiles in row order over three MC blocks
    void matchesReference(int m, int n, int k) {
        Random rnd = new Random(31L * m + 7L * n + k);
        int aOff = 3, bOff = 5, cOff = 2;
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                float[] a = random(rnd, aOff + m * k), b = random(rnd, bOff + k * n);
                float[] c = new float[cOff + m * n + 4];
                Arrays.fill(c, Float.NaN);
                CpuGemm.matmul(POOL, a, aOff, transA, b, bOff, transB, c, cOff, m, n, k);

                float[] a0 = Arrays.copyOfRange(a, aOff, aOff + m * k), b0 = Arrays.copyOfRange(b, bOff, bOff + k * n);
                double[] expected = ReferenceConv.matmul(a0, transA, b0, transB, m, n, k);
                double[] magnitude = ReferenceConv.matmul(ReferenceConv.abs(a0), transA, ReferenceConv.abs(b0), transB,
                        m, n, k);
                String what = "gemm m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB;
                CpuConvTest.assertClose(what, expected, magnitude, Arrays.copyOfRange(c, cOff, cOff + m * n));
                if (!Float.isNaN(c[0]) || !Float.isNaN(c[1]) || !Float.isNaN(c[cOff + m * n])) {
                    throw new AssertionError(what + ": wrote outside C");
                }
            }
        }
    }
}
