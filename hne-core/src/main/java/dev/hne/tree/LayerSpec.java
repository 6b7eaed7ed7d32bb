package dev.hne.tree;

/**
 * One row of the paper's Tables 2 and 3: a layer type, its stride, how many times it is stacked
 * and the output channels of ONE branch (the tables' "64 G_o" is written here as 64).
 *
 * <p>When a row repeats, only its first copy has the stride (as MobileNetV2's stages do); the
 * input channels are whatever the previous row produced. {@code kernel} matters for the plain
 * conv rows only, {@code expansion} for the MBNet rows only.
 */
public record LayerSpec(LayerType type, int kernel, int stride, int repeats, int outChannels, int expansion) {

    public LayerSpec {
        if (kernel <= 0 || stride <= 0 || repeats <= 0 || outChannels <= 0 || expansion <= 0) {
            throw new IllegalArgumentException("layer " + type + ": kernel, stride, repeats, channels and "
                    + "expansion must be positive, got kernel " + kernel + ", stride " + stride + ", repeats "
                    + repeats + ", out " + outChannels + ", expansion " + expansion);
        }
        if (type.producesFeatures() && repeats != 1) {
            throw new IllegalArgumentException("layer " + type + " ends with features and cannot repeat; got "
                    + repeats + " repeats (write one row per linear layer)");
        }
    }

    public static LayerSpec convBnRelu(int kernel, int stride, int out) {
        return new LayerSpec(LayerType.CONV_BN_RELU, kernel, stride, 1, out, 1);
    }

    public static LayerSpec convBnRelu6(int kernel, int stride, int out) {
        return new LayerSpec(LayerType.CONV_BN_RELU6, kernel, stride, 1, out, 1);
    }

    public static LayerSpec resnet(int stride, int repeats, int out) {
        return new LayerSpec(LayerType.RESNET, 3, stride, repeats, out, 1);
    }

    public static LayerSpec resnetBranching(int stride, int out) {
        return new LayerSpec(LayerType.RESNET_BRANCHING, 3, stride, 1, out, 1);
    }

    public static LayerSpec mbnet(int stride, int repeats, int out) {
        return new LayerSpec(LayerType.MBNET, 3, stride, repeats, out, 6);
    }

    public static LayerSpec mbnetBranching(int stride, int out) {
        return new LayerSpec(LayerType.MBNET_BRANCHING, 3, stride, 1, out, 6);
    }

    public static LayerSpec poolLinear(int out) {
        return new LayerSpec(LayerType.POOL_LINEAR, 1, 1, 1, out, 1);
    }

    public static LayerSpec poolLinearRelu6(int out) {
        return new LayerSpec(LayerType.POOL_LINEAR_RELU6, 1, 1, 1, out, 1);
    }

    public static LayerSpec linear(int out) {
        return new LayerSpec(LayerType.LINEAR, 1, 1, 1, out, 1);
    }

    /** The same row with its channel count divided (HNE-small halves every channel count). */
    public LayerSpec narrowed(int divisor) {
        return new LayerSpec(type, kernel, stride, repeats, Math.max(1, outChannels / divisor), expansion);
    }

    /** The stride of repetition {@code i} (0-based): only the first copy downsamples. */
    public int strideOf(int i) {
        return i == 0 ? stride : 1;
    }
}
