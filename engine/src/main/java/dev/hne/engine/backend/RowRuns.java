package dev.hne.engine.backend;

/**
 * The maximal runs of consecutive row numbers in a row list: {3, 4, 5, 0, 1, 7} is the runs
 * (3..5 to positions 0..2), (0..1 to 3..4), (7 to 5). A gather or scatter of rows by
 * {@link Backend#copyChannels} copies one run per call instead of one row per call.
 */
public final class RowRuns {

    private RowRuns() {}

    /** What to do with one run: rows {@code from .. from+count) of the source list's rows, at positions {@code at ..}. */
    @FunctionalInterface
    public interface Run {
        void copy(int from, int at, int count);
    }

    /** Calls {@code run} once per maximal run with rows[k+1] = rows[k] + 1, in list order. */
    public static void forEach(int[] rows, Run run) {
        int i = 0;
        while (i < rows.length) {
            int j = i + 1;
            while (j < rows.length && rows[j] == rows[j - 1] + 1) j++;
            run.copy(rows[i], i, j - i);
            i = j;
        }
    }
}
