package dev.hne.tree;

import dev.hne.engine.Tensor;
import dev.hne.engine.backend.ConvGeometry;
import java.util.List;

/**
 * A layer that holds the parameters of every branch of one level and computes any subset of them
 * in one go. Input (N, |active| * C_in, H, W), the active branches' groups side by side; output
 * (N, |active| * C_out, H', W'), or (N, |active| * C_out) for the feature layers.
 */
public interface BranchLayer {

    /** @param mode how this forward pass runs, decided once by the tree ({@link ExecutionMode}) */
    Tensor forward(Tensor x, Branches branches, ExecutionMode mode);

    /**
     * {@link ExecutionMode#INFERENCE} for a caller that hands x over: nothing reads x after this
     * returns (a level's intermediate, {@link Level}), so a residual layer may write its output over
     * x's memory. Only the caller can know that x is dead; a parent's output, which several children
     * and the progressive evaluator read, never is.
     */
    default Tensor inferConsuming(Tensor x, Branches branches) {
        return forward(x, branches, ExecutionMode.INFERENCE);
    }

    /**
     * The convolutions ONE branch of this layer runs on one image of resolution x resolution, in
     * order (a linear layer is a 1x1 convolution of 1x1 features); the last one's output is the
     * layer's. What the cost model counts (dev.hne.cost.CostModel), read from the layer as built.
     */
    List<ConvGeometry> convolutions(int resolution);
}
