package dev.hne.engine.backend.cuda;

import dev.hne.engine.backend.ConvGeometry;

/**
 * The numbers the four cuDNN descriptors of a convolution are set from, derived from a
 * {@link ConvGeometry} (pure arithmetic, unit-tested without a GPU):
 * x (N, Cin, H, W), filter (Cout, Cin/G, KH, KW), y (N, Cout, OH, OW), padding, stride, dilation 1,
 * cross-correlation (what deep-learning frameworks call convolution), and G groups.
 */
record ConvDescriptorValues(int[] x, int[] filter, int[] y, int padH, int padW, int strideH, int strideW,
                            int groups) {

    static ConvDescriptorValues of(ConvGeometry g) {
        return new ConvDescriptorValues(g.inputShape(), g.weightShape(), g.outputShape(),
                g.padding(), g.padding(), g.stride(), g.stride(), g.groups());
    }
}
