package dev.hne.tree;

import dev.hne.engine.Tensor;

/**
 * A layer that holds the parameters of every branch of one level and computes any subset of them
 * in one go. Input (N, |active| * C_in, H, W), the active branches' groups side by side; output
 * (N, |active| * C_out, H', W'), or (N, |active| * C_out) for the feature layers.
 */
public interface BranchLayer {

    /** @param mode how this forward pass runs, decided once by the tree ({@link ExecutionMode}) */
    Tensor forward(Tensor x, Branches branches, ExecutionMode mode);
}
