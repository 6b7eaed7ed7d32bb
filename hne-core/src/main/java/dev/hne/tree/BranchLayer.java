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
     * The convolutions ONE branch of this layer runs on one image of resolution x resolution, in
     * order (a linear layer is a 1x1 convolution of 1x1 features); the last one's output is the
     * layer's. What the cost model counts (dev.hne.cost.CostModel), read from the layer as built.
     */
    List<ConvGeometry> convolutions(int resolution);
}
