package dev.hne.engine.reference;

import dev.hne.engine.backend.ConvGeometry;

/**
 * The test oracle for convolution and GEMM: straight loops in double precision, no tricks, no
 * threads. The fast CPU kernels and the CUDA kernels are compared against it; its own gradients are
 * checked by central finite differences in ReferenceConvTest.
 *
 * <p>Not fast (a few million multiply-adds per second is fine for test shapes). Layouts as in
 * {@link ConvGeometry}: x is (N, Cin, H, W), w is (Cout, Cin/G, KH, KW), y is (N, Cout, OH, OW).
 */
public final class ReferenceConv {

    private ReferenceConv() {}

    /** Receives one (x index, w index, y index) triple of the convolution that is not padding. */
    private interface Tap {
        void apply(int xIndex, int wIndex, int yIndex);
    }

    /** Calls tap for every multiply-add of the forward convolution, in a fixed order. */
    private static void visit(ConvGeometry g, Tap tap) {
        int oh = g.outHeight(), ow = g.outWidth(), cin = g.inPerGroup(), cout = g.outPerGroup();
        for (int n = 0; n < g.batch(); n++) {
            for (int co = 0; co < g.outChannels(); co++) {
                int group = co / cout;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        int yi = ((n * g.outChannels() + co) * oh + oy) * ow + ox;
                        for (int ci = 0; ci < cin; ci++) {
                            int c = group * cin + ci;
                            for (int ky = 0; ky < g.kernelH(); ky++) {
                                for (int kx = 0; kx < g.kernelW(); kx++) {
                                    int iy = oy * g.stride() - g.padding() + ky;
                                    int ix = ox * g.stride() - g.padding() + kx;
                                    if (iy < 0 || iy >= g.height() || ix < 0 || ix >= g.width()) {
                                        continue;
                                    }
                                    int xi = ((n * g.inChannels() + c) * g.height() + iy) * g.width() + ix;
                                    int wi = ((co * cin + ci) * g.kernelH() + ky) * g.kernelW() + kx;
                                    tap.apply(xi, wi, yi);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static long size(int[] shape) {
        long s = 1;
        for (int d : shape) s *= d;
        return s;
    }

    /** y(N,Cout,OH,OW) = conv(x(N,Cin,H,W), w(Cout,Cin/G,KH,KW)). */
    public static double[] forward(ConvGeometry g, float[] x, float[] w) {
        double[] y = new double[(int) size(g.outputShape())];
        visit(g, (xi, wi, yi) -> y[yi] += (double) x[xi] * w[wi]);
        return y;
    }

    /** The same forward with double inputs, for finite differences (a float input would round h away). */
    public static double[] forward(ConvGeometry g, double[] x, double[] w) {
        double[] y = new double[(int) size(g.outputShape())];
        visit(g, (xi, wi, yi) -> y[yi] += x[xi] * w[wi]);
        return y;
    }

    /** dx(N,Cin,H,W): the gradient of sum(y * dy) with respect to x. dy is (N,Cout,OH,OW). */
    public static double[] backwardData(ConvGeometry g, float[] dy, float[] w) {
        double[] dx = new double[(int) size(g.inputShape())];
        visit(g, (xi, wi, yi) -> dx[xi] += (double) dy[yi] * w[wi]);
        return dx;
    }

    /** dw(Cout,Cin/G,KH,KW): the gradient of sum(y * dy) with respect to w. */
    public static double[] backwardFilter(ConvGeometry g, float[] x, float[] dy) {
        double[] dw = new double[(int) size(g.weightShape())];
        visit(g, (xi, wi, yi) -> dw[wi] += (double) dy[yi] * x[xi]);
        return dw;
    }

    /**
     * c(M,N) = op(a) * op(b), row-major: a is stored (M,K), or (K,M) when transA; b is stored (K,N),
     * or (N,K) when transB.
     */
    public static double[] matmul(float[] a, boolean transA, float[] b, boolean transB, int m, int n, int k) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[p * m + i] : a[i * k + p];
                    double bv = transB ? b[j * k + p] : b[p * n + j];
                    sum += av * bv;
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }

    /** Element-wise absolute values, for magnitude bounds: forward(g, abs(x), abs(w)) bounds |y| terms. */
    public static float[] abs(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.abs(v[i]);
        return out;
    }

    /** The double result rounded to float32. */
    public static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) v[i];
        return out;
    }
}
