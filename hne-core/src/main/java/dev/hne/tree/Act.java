package dev.hne.tree;

import dev.hne.engine.Tensor;

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
}
