package dev.hne.engine.backend;

/**
 * The full description of one 2-D convolution, shared by every backend and by the cost model.
 *
 * <p>Layouts (PyTorch's): input x is (N, C_in, H, W), weight w is (C_out, C_in/groups, KH, KW),
 * output y is (N, C_out, OH, OW). Group g maps input channels [g*C_in/G, (g+1)*C_in/G) to output
 * channels [g*C_out/G, (g+1)*C_out/G). Depthwise is groups == C_in == C_out.
 */
public record ConvGeometry(
        int batch, int inChannels, int height, int width,
        int outChannels, int kernelH, int kernelW, int stride, int padding, int groups) {

    public ConvGeometry {
        if (batch <= 0 || inChannels <= 0 || height <= 0 || width <= 0 || outChannels <= 0
                || kernelH <= 0 || kernelW <= 0 || stride <= 0 || padding < 0 || groups <= 0) {
            throw new IllegalArgumentException("conv2d: every size must be positive (padding >= 0): " + describe(
                    batch, inChannels, height, width, outChannels, kernelH, kernelW, stride, padding, groups));
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("conv2d: groups=" + groups + " must divide in_channels="
                    + inChannels + " and out_channels=" + outChannels);
        }
        if (height + 2 * padding < kernelH || width + 2 * padding < kernelW) {
            throw new IllegalArgumentException("conv2d: kernel " + kernelH + "x" + kernelW
                    + " is larger than the padded input " + (height + 2 * padding) + "x" + (width + 2 * padding));
        }
    }

    public int outHeight() { return (height + 2 * padding - kernelH) / stride + 1; }
    public int outWidth() { return (width + 2 * padding - kernelW) / stride + 1; }
    public int inPerGroup() { return inChannels / groups; }
    public int outPerGroup() { return outChannels / groups; }

    public int[] inputShape() { return new int[] {batch, inChannels, height, width}; }
    public int[] weightShape() { return new int[] {outChannels, inPerGroup(), kernelH, kernelW}; }
    public int[] outputShape() { return new int[] {batch, outChannels, outHeight(), outWidth()}; }

    public boolean isPointwise() { return kernelH == 1 && kernelW == 1 && stride == 1 && padding == 0; }
    public boolean isDepthwise() { return groups == inChannels && groups == outChannels; }

    /** Multiply-accumulates of the forward pass (backward-data and backward-filter cost the same each). */
    public long macs() {
        return (long) batch * outChannels * outHeight() * outWidth() * inPerGroup() * kernelH * kernelW;
    }

    @Override
    public String toString() {
        return describe(batch, inChannels, height, width, outChannels, kernelH, kernelW, stride, padding, groups);
    }

    private static String describe(int n, int c, int h, int w, int co, int kh, int kw, int s, int p, int g) {
        return "x(" + n + "," + c + "," + h + "," + w + ") -> " + co + " channels, kernel " + kh + "x" + kw
                + ", stride " + s + ", padding " + p + ", groups " + g;
    }
}
