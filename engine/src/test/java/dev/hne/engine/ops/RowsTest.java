package dev.hne.engine.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hne.engine.GradCheck;
import dev.hne.engine.Tensor;
import dev.hne.engine.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

/** Row gather against a plain loop (forward) and its finite differences (backward). */
class RowsTest {

    /** Reference: y[i, ...] = x[rows[i], ...], straight loops in double precision. */
    private static double[] gatherReference(double[] x, int n, int[] rows) {
        int rowSize = x.length / n;
        double[] y = new double[rows.length * rowSize];
        for (int i = 0; i < rows.length; i++) {
            for (int e = 0; e < rowSize; e++) y[i * rowSize + e] = x[rows[i] * rowSize + e];
        }
        return y;
    }

    @Test
    void gathersRowsOfAnImageBatch() {
        int[] rows = {0, 2, 3, 4, 6};   // two runs and a single row
        new GradCheck("gather_rows (N,C,H,W)", 31).input(7, 3, 2, 5)
                .check(in -> Rows.gather(in.get(0), rows), x -> gatherReference(x.get(0), 7, rows));
    }

    @Test
    void gathersRowsOfLogitsInAnyOrderWithRepeats() {
        int[] rows = {4, 1, 1, 2, 0};   // repeated rows receive the sum of their gradients
        new GradCheck("gather_rows (N,K)", 32).input(5, 3)
                .check(in -> Rows.gather(in.get(0), rows), x -> gatherReference(x.get(0), 5, rows));
    }

    @Test
    void gathersDescendingRowsOneByOne() {
        // {2, 1, 0} and {4, 3, 1, 0} contain no ascending run: a run detector that also joined
        // descending neighbours would copy rows 2, 3, 4 instead of 2, 1, 0.
        for (int[] rows : new int[][] {{2, 1, 0}, {4, 3, 1, 0}}) {
            new GradCheck("gather_rows descending", 33).input(5, 2, 3)
                    .check(in -> Rows.gather(in.get(0), rows), x -> gatherReference(x.get(0), 5, rows));
        }
    }

    /**
     * Rows large enough that a two-thread backend splits the gather into several chunks (three rows
     * of 12,000 floats each at least): every row lands where it belongs, repeated and out of order.
     */
    @Test
    void aLargeGatherSplitOverThreadsPutsEveryRowInPlace() {
        CpuBackend be = CpuBackend.withThreads(2);
        int n = 11;
        float[] data = new float[n * 12_000];
        double[] reference = new double[data.length];
        for (int i = 0; i < data.length; i++) reference[i] = data[i] = i * 0.5f - 7;
        int[] rows = {10, 0, 1, 2, 5, 5, 9, 3, 8, 7, 6, 4};
        float[] y = Rows.gather(Tensor.of(data, n, 3, 4000).to(be), rows).toArray();
        double[] expected = gatherReference(reference, n, rows);
        assertEquals(expected.length, y.length);
        for (int i = 0; i < y.length; i++) assertEquals(expected[i], y[i], 0, "element " + i);
    }

    @Test
    void rejectsRowsOutsideTheBatch() {
        Tensor x = Tensor.zeros(3, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> Rows.gather(x, new int[] {0, 3}));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("gather_rows"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Rows.gather(x, new int[0]));
    }
}
