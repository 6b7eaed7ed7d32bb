package dev.hne.engine.backend.cpu;

import dev.hne.engine.backend.ConvGeometry;

/**
 * Grouped 2-D convolution on the CPU (layouts in {@link ConvGeometry}). Outputs are overwritten.
 *
 * <p>PLACEHOLDER: direct loops, to be replaced by GEMM-based (1x1, im2col) and direct depthwise
 * kernels. Keep the signatures.
 */
public final class CpuConv {

    private CpuConv() {}

    public static void forward(ConvGeometry g, float[] x, float[] w, float[] y) {
        java.util.Arrays.fill(y, 0f);
        int oh = g.outHeight(), ow = g.outWidth(), cin = g.inPerGroup(), cout = g.outPerGroup();
        for (int n = 0; n < g.batch(); n++)
            for (int co = 0; co < g.outChannels(); co++) {
                int group = co / cout;
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++) {
                        float sum = 0;
                        for (int ci = 0; ci < cin; ci++)
                            for (int ky = 0; ky < g.kernelH(); ky++)
                                for (int kx = 0; kx < g.kernelW(); kx++) {
                                    int iy = oy * g.stride() - g.padding() + ky, ix = ox * g.stride() - g.padding() + kx;
                                    if (iy < 0 || iy >= g.height() || ix < 0 || ix >= g.width()) continue;
                                    int c = group * cin + ci;
                                    sum += x[((n * g.inChannels() + c) * g.height() + iy) * g.width() + ix]
                                            * w[((co * cin + ci) * g.kernelH() + ky) * g.kernelW() + kx];
                                }
                        y[((n * g.outChannels() + co) * oh + oy) * ow + ox] = sum;
                    }
            }
    }

    public static void backwardData(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        java.util.Arrays.fill(dx, 0f);
        int oh = g.outHeight(), ow = g.outWidth(), cin = g.inPerGroup(), cout = g.outPerGroup();
        for (int n = 0; n < g.batch(); n++)
            for (int co = 0; co < g.outChannels(); co++) {
                int group = co / cout;
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++) {
                        float d = dy[((n * g.outChannels() + co) * oh + oy) * ow + ox];
                        for (int ci = 0; ci < cin; ci++)
                            for (int ky = 0; ky < g.kernelH(); ky++)
                                for (int kx = 0; kx < g.kernelW(); kx++) {
                                    int iy = oy * g.stride() - g.padding() + ky, ix = ox * g.stride() - g.padding() + kx;
                                    if (iy < 0 || iy >= g.height() || ix < 0 || ix >= g.width()) continue;
                                    int c = group * cin + ci;
                                    dx[((n * g.inChannels() + c) * g.height() + iy) * g.width() + ix]
                                            += d * w[((co * cin + ci) * g.kernelH() + ky) * g.kernelW() + kx];
                                }
                    }
            }
    }

    public static void backwardFilter(ConvGeometry g, float[] x, float[] dy, float[] dw) {
        java.util.Arrays.fill(dw, 0f);
        int oh = g.outHeight(), ow = g.outWidth(), cin = g.inPerGroup(), cout = g.outPerGroup();
        for (int n = 0; n < g.batch(); n++)
            for (int co = 0; co < g.outChannels(); co++) {
                int group = co / cout;
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++) {
                        float d = dy[((n * g.outChannels() + co) * oh + oy) * ow + ox];
                        for (int ci = 0; ci < cin; ci++)
                            for (int ky = 0; ky < g.kernelH(); ky++)
                                for (int kx = 0; kx < g.kernelW(); kx++) {
                                    int iy = oy * g.stride() - g.padding() + ky, ix = ox * g.stride() - g.padding() + kx;
                                    if (iy < 0 || iy >= g.height() || ix < 0 || ix >= g.width()) continue;
                                    int c = group * cin + ci;
                                    dw[((co * cin + ci) * g.kernelH() + ky) * g.kernelW() + kx]
                                            += d * x[((n * g.inChannels() + c) * g.height() + iy) * g.width() + ix];
                                }
                    }
            }
    }
}
