package dev.hne.tree;

import dev.hne.engine.Tensor;
import dev.hne.engine.backend.UnaryOp;

/** The activation after a conv + BN or a linear layer. */
enum Act {
    NONE, RELU, RELU6;

    Tensor apply(Tensor x) {
        return switch (this) {
            case NONE -> x;
            case RELU -> x.relu();
            case RELU6 -> x.relu6();
        };
    }

    /** The backend's name for it, null for none (what fused kernels take). */
    UnaryOp unaryOp() {
        return switch (this) {
            case NONE -> null;
            case RELU -> UnaryOp.RELU;
            case RELU6 -> UnaryOp.RELU6;
        };
    }
}
