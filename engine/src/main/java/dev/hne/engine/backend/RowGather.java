package dev.hne.engine.backend;

/**
 * An optional capability: a gather of batch rows in one kernel launch (the CUDA backend has one).
 * Without it {@code dev.hne.engine.ops.Fusion#gatherRows} copies each run of consecutive rows with
 * {@link Backend#copyChannels}, which gives the same floats.
 */
public interface RowGather {

    /** Row i of out = row rows[i] of x, rows of {@code rowSize} floats (the shrinking batch of adaptive evaluation). */
    void gatherRows(Storage x, int[] rows, int rowSize, Storage out);
}
