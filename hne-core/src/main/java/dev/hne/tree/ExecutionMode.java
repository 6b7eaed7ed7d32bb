package dev.hne.tree;

import dev.hne.engine.RuntimeOptions;
import dev.hne.engine.autograd.Autograd;

/**
 * How one forward pass of a tree runs, decided once at its top ({@link HneTree#executionMode()})
 * and passed down to every layer, instead of each layer asking "is this inference?" on its own.
 *
 * <ul>
 *   <li>{@link #TRAIN}: the plain ops, recording a graph when gradients are on. Also how eval mode
 *       with gradients on, and inference with fusion switched off, run (the reference path).
 *   <li>{@link #TRAIN_RECOMPUTE}: training, with each full-width conv + BN (+ ReLU) as one op that
 *       frees the conv output after the forward and recomputes it in backward (about half the
 *       memory of a step, one extra conv forward per layer; {@code ConvBatchNorm}).
 *   <li>{@link #INFERENCE}: eval mode with nothing recorded: conv + BN + residual + activation as
 *       one fused op, and every intermediate activation handed back for reuse once consumed.
 * </ul>
 */
public enum ExecutionMode {
    TRAIN, TRAIN_RECOMPUTE, INFERENCE;

    /**
     * The mode of a forward pass now (under the current grad mode).
     *
     * @param training       the model's train/eval flag
     * @param fusedInference whether this model runs inference fused (else inference runs as TRAIN)
     * @param recompute      whether this model trains in the recomputing memory mode
     */
    static ExecutionMode of(boolean training, boolean fusedInference, boolean recompute) {
        boolean recording = Autograd.isGradEnabled();
        if (!training && !recording) {
            return fusedInference ? INFERENCE : TRAIN;
        }
        return training && recording && recompute ? TRAIN_RECOMPUTE : TRAIN;
    }

    /** The mode of a layer run on its own (Module.forward), with the run's -Dhne.* defaults. */
    static ExecutionMode standalone(boolean training) {
        RuntimeOptions o = RuntimeOptions.current();
        return of(training, o.inferFused(), o.recompute());
    }
}
