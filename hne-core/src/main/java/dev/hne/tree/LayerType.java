package dev.hne.tree;

/**
 * The kinds of layer that appear in the paper's Tables 2 and 3 (one row type each).
 *
 * <p>What it is: a name plus the facts the builder and the cost model need. What it is not: the
 * layer itself; {@link Layers} turns a {@link LayerSpec} of each kind into a module.
 */
public enum LayerType {
    /** Conv k x k + BN + ReLU (padding k/2). */
    CONV_BN_RELU,
    /** Conv k x k + BN + ReLU6 (padding k/2). */
    CONV_BN_RELU6,
    /** Bottleneck 1x1 (c -> out/4) + BN + ReLU, depthwise 3x3 (stride) + BN + ReLU, 1x1 (out/4 -> out) + BN, add input, ReLU. */
    RESNET,
    /** The same bottleneck with a 1x1 conv (stride) + BN on the shortcut; opens a level where a branch splits (paper Fig. 7b). */
    RESNET_BRANCHING,
    /** MobileNetV2 inverted residual: 1x1 expand + BN + ReLU6, depthwise 3x3 (stride) + BN + ReLU6, 1x1 project + BN, add when shapes allow. */
    MBNET,
    /** The same inverted residual where a branch splits (paper Fig. 8b); in Table 3 it always has stride 2, so no add. */
    MBNET_BRANCHING,
    /** Global average pool + linear: (N, C, H, W) -> (N, out). */
    POOL_LINEAR,
    /** Global average pool + linear + ReLU6 (MobileNetV3's replacement for the last convolution). */
    POOL_LINEAR_RELU6,
    /** Linear on (N, C) features: (N, C) -> (N, out). */
    LINEAR;

    /** Whether the layer ends with features (N, C) rather than maps (N, C, H, W). */
    public boolean producesFeatures() {
        return this == POOL_LINEAR || this == POOL_LINEAR_RELU6 || this == LINEAR;
    }

    /** Whether it reads features (N, C) rather than maps. */
    public boolean consumesFeatures() {
        return this == LINEAR;
    }
}
