package dev.hne.anytime;

import dev.hne.engine.Tensor;

/**
 * A model whose prediction for a batch can be refined stage by stage and stopped for each example on
 * its own: the common shape of the anytime systems in this product. For an HNE a stage is one more
 * ensemble member in the progressive order (n = 1, 2, ...); for an anytime network with auxiliary
 * classifiers (ANN) it is the next exit. Adaptive evaluation, early-exit policies and their reports
 * are written against this interface only, so they treat both systems the same way.
 */
public interface StagedModel {

    /** Number of stages: ensemble members (HNE) or exits (ANN). */
    int stages();

    /**
     * Multiply-accumulates per example, in millions, spent to reach the end of stage {@code stage}
     * (1-based, cumulative: stage 1 includes the shared trunk).
     */
    double cumulativeMMacs(int stage);

    /**
     * Which member stage {@code stage} (1-based) adds, 0-based, for per-member tables: an HNE's leaf
     * at that position of its leaf order; by default the stage itself (exit {@code stage}).
     */
    default int member(int stage) {
        return stage - 1;
    }

    /**
     * Whether the prediction after stage s is the ensemble of the first s stages' own outputs (an
     * HNE), so the spread of those outputs is the ensemble's diversity. An ANN answers with its
     * latest exit alone: no ensemble.
     */
    default boolean isEnsemble() {
        return false;
    }

    /** Starts refining batch {@code x} (N, C, H, W) without recording gradients; put the model in eval mode first. */
    StagedRun start(Tensor x);
}
