package dev.hne.engine.backend.cpu;

import dev.hne.engine.backend.ConvGeometry;
import java.util.Arrays;

/**
 * The algorithmic reference for the CPU kernels: GEMM and grouped convolution as plain loop nests,
 * float accumulation, single thread. Selected instead of the fast kernels with
 * {@code -Dhne.cpu.naive=true} (to rule the fast kernels out when a result looks wrong).
 *
 * <p>Not fast and not the test oracle (that is the double-precision ReferenceConv in the tests).
 * Layouts as in {@link ConvGeometry}; GEMM as in {@link CpuGemm}.
 */
final class NaiveKernels {

    /** True when {@code -Dhne.cpu.naive=true}: CpuGemm and CpuConv then delegate here. */
    static final boolean ENABLED = dev.hne.engine.RuntimeOptions.current().naiveKernels();

    private NaiveKernels() {}

    /** c(M,N) = op(a) * op(b); a is (M,K) or (K,M) if transA; b is (K,N) or (N,K) if transB. */
    static void matmul(float[] a, int aOffset, boolean transA, float[] b, int bOffset, boolean transB,
                       float[] c, int cOffset, int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOffset + p * m + i] : a[aOffset + i * k + p];
                    float bv = transB ? b[bOffset + j * k + p] : b[bOffset + p * n + j];
                    sum += av * bv;
                }
                c[cOffset + i * n + j] = sum;
            }
        }
    }

    /** y(N,Cout,OH,OW) = conv(x(N,Cin,H,W), w(Cout,Cin/G,KH,KW)). */
    static void forward(ConvGeometry g, float[] x, float[] w, float[] y) {
        Arrays.fill(y, 0, g.batch() * g.outChannels() * g.outHeight() * g.outWidth(), 0f);
        visit(g, (xi, wi, yi) -> y[yi] += x[xi] * w[wi]);
    }

    /** dx(N,Cin,H,W) from dy(N,Cout,OH,OW) and w(Cout,Cin/G,KH,KW). */
    static void backwardData(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        Arrays.fill(dx, 0, g.batch() * g.inChannels() * g.height() * g.width(), 0f);
        visit(g, (xi, wi, yi) -> dx[xi] += dy[yi] * w[wi]);
    }

    /** dw(Cout,Cin/G,KH,KW) from x(N,Cin,H,W) and dy(N,Cout,OH,OW). */
    static void backwardFilter(ConvGeometry g, float[] x, float[] dy, float[] dw) {
        Arrays.fill(dw, 0, g.outChannels() * g.inPerGroup() * g.kernelH() * g.kernelW(), 0f);
        visit(g, (xi, wi, yi) -> dw[wi] += dy[yi] * x[xi]);
    }

    private interface Tap {
        void apply(int xIndex, int wIndex, int yIndex);
    }

    /** Calls tap for every (input, weight, output) triple of the convolution that is not padding. */
    private static void visit(ConvGeometry g, Tap tap) {
        int oh = g.outHeight(), ow = g.outWidth(), cin = g.inPerGroup(), cout = g.outPerGroup();
        for (int n = 0; n < g.batch(); n++) {
            for (int co = 0; co < g.outChannels(); co++) {
                int group = co / cout;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        int yi = ((n * g.outChannels() + co) * oh + oy) * ow + ox;
                        for (int ci = 0; ci < cin; ci++) {
                            for (int ky = 0; ky < g.kernelH(); ky++) {
                                int iy = oy * g.stride() - g.padding() + ky;
                                if (iy < 0 || iy >= g.height()) continue;
                                for (int kx = 0; kx < g.kernelW(); kx++) {
                                    int ix = ox * g.stride() - g.padding() + kx;
                                    if (ix < 0 || ix >= g.width()) continue;
                                    int c = group * cin + ci;
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
}
