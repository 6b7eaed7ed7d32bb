package dev.hne.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Who computes which output columns of a fused GEMM layer ({@code CpuConv.ColumnSplit}): cut only
 * when the op is forked and there are too few (image, group) pairs for the threads; an op that runs
 * on the calling thread alone keeps each pair whole.
 */
class ColumnSplitTest {

    private static final long FORKED = Parallel.FORK_MIN_WORK, TOO_SMALL = Parallel.FORK_MIN_WORK - 1;

    @Test
    void anOpOnOneThreadKeepsEachPairWhole() {
        Parallel one = new Parallel(1), two = new Parallel(2);
        assertEquals(new CpuConv.ColumnSplit(1, 64), CpuConv.ColumnSplit.of(one, 1, 64, FORKED), "one thread, 8 x 8");
        assertEquals(new CpuConv.ColumnSplit(1, 1024), CpuConv.ColumnSplit.of(one, 1, 1024, FORKED), "one thread");
        assertEquals(new CpuConv.ColumnSplit(1, 1024), CpuConv.ColumnSplit.of(two, 1, 1024, TOO_SMALL),
                "two threads, too little work to fork");
        assertEquals(new CpuConv.ColumnSplit(1, 96), CpuConv.ColumnSplit.of(one, 3, 90, FORKED),
                "rounded to whole panels");
    }

    @Test
    void aForkedOpWithFewPairsCutsItsColumns() {
        Parallel two = new Parallel(2);
        // 4 chunks per thread: 8 over one pair, 3 over three (rounded to whole 32-column panels)
        assertEquals(new CpuConv.ColumnSplit(8, 128), CpuConv.ColumnSplit.of(two, 1, 1024, FORKED));
        assertEquals(new CpuConv.ColumnSplit(2, 32), CpuConv.ColumnSplit.of(two, 1, 64, FORKED),
                "8 x 8: one panel each");
        assertEquals(new CpuConv.ColumnSplit(3, 352), CpuConv.ColumnSplit.of(two, 3, 1024, FORKED));
        assertEquals(new CpuConv.ColumnSplit(1, 1024), CpuConv.ColumnSplit.of(two, 8, 1024, FORKED), "enough pairs");
    }
}
