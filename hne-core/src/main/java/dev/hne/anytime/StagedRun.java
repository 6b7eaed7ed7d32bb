package dev.hne.anytime;

import dev.hne.engine.Tensor;

/**
 * One batch being refined by a {@link StagedModel}. The batch can shrink between stages
 * ({@link #retain}): examples that have stopped are dropped and later stages compute only the rows
 * that continue, which is what makes adaptive evaluation faster in wall-clock time, not only in
 * expected MACs.
 */
public interface StagedRun extends AutoCloseable {

    /** Stages completed so far (0 before the first {@link #advance}). */
    int completed();

    /** Rows still being refined (the batch size at the start). */
    int rows();

    /** Computes the next stage for the rows still active. */
    StageOutput advance();

    /**
     * Keeps only the listed rows (indices into the current rows, strictly ascending); later stages
     * compute only them, and the outputs of later stages have one row per kept row, in this order.
     */
    void retain(int[] rows);

    /**
     * Gives back the memory the run still holds (an HNE's cached activations, an ANN's features) to the backend's cache
     * of free arrays, for the next batch; the run cannot advance afterwards, the outputs it returned
     * stay valid. A run dropped without it leaves that memory to the garbage collector: a few
     * megabytes per batch, which is most of what a server allocates fresh (docs/engine.md section 6).
     */
    @Override
    default void close() {}

    /**
     * What one stage produced for the active rows.
     *
     * @param prediction logits (rows, K) to answer with if the example stops now (HNE: the ensemble
     *     mean of the members so far; ANN: the latest exit)
     * @param latest logits (rows, K) of the stage just computed alone (HNE: the new member; ANN: the
     *     exit), for features such as agreement with the previous prediction
     */
    record StageOutput(Tensor prediction, Tensor latest) {}
}
