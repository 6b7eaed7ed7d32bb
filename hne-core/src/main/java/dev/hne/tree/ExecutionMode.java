package dev.hne.tree;

import dev.hne.engine.Recompute;
import dev.hne.engine.RuntimeOptions;
import dev.hne.engine.autograd.Autograd;

/**
 * How one forward pass of a tree runs, decided once at its top ({@link HneTree#executionMode(int)})
 * and passed down to every layer, instead of each layer asking "is this inference?" on its own.
 *
 * <ul>
 *   <li>{@link #TRAIN}: the plain ops, recording a graph when gradients are on. Also how eval mode
 *       with gradients on, and inference with fusion switched off, run (the reference path).
 *   <li>{@link #TRAIN_RECOMPUTE}: training in the memory mode: the tree's first layers (all, or as
 *       many as the heap needs: {@link TrainingMemory}) are {@code Checkpoint}s, each of which keeps
 *       only its input for backward and runs again there (a third of its memory for one more
 *       forward pass of it; {@link Level}).
 *   <li>{@link #REPLAY}: a checkpointed layer run again inside backward: the TRAIN ops, with batch
 *       norm computing its batch statistics but leaving its running statistics alone (they moved
 *       once already, in the first pass).
 *   <li>{@link #INFERENCE}: eval mode with nothing recorded: conv + BN + residual + activation as
 *       one fused op, and every intermediate activation handed back for reuse once consumed.
 * </ul>
 */
public enum ExecutionMode {
    TRAIN, TRAIN_RECOMPUTE, REPLAY, INFERENCE;

    /**
     * The mode of a forward pass now (under the current grad mode).
     *
     * @param training       the model's train/eval flag
     * @param fusedInference whether this model runs inference fused (else inference runs as TRAIN)
     * @param recompute      whether this training step checkpoints its layers ({@link TrainingMemory})
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
        return of(training, o.inferFused(), o.recompute() == Recompute.ON);   // no batch to plan for: auto keeps all
    }
}
