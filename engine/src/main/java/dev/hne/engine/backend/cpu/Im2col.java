package dev.hne.engine.backend.cpu;

import dev.hne.engine.backend.ConvGeometry;
import java.util.Arrays;

/**
 * Unfolds one image and group of a convolution input into the im2col matrix, and folds a column
 * gradient back (col2im), so that any grouped convolution becomes a GEMM per image and group.
 *
 * <p>The matrix for image n, group gi is col(K, OH*OW) with K = Cin/G * KH * KW: row
 * r = (ci * KH + ky) * KW + kx, column j = oy * OW + ox, holding x[n, gi*Cin/G + ci, iy, ix] with
 * iy = oy*stride - pad + ky, ix = ox*stride - pad + kx, or 0 where that falls in the padding.
 * Not used for 1x1/stride 1/pad 0 (the input already is the matrix) nor for depthwise convolutions.
 */
final class Im2col {

    private Im2col() {}

    /**
     * Writes columns [j0, j1) of the im2col matrix of (n, gi).
     *
     * @param x   (N, Cin, H, W) input
     * @param col (K, j1 - j0) output, row stride j1 - j0
     */
    static void gather(ConvGeometry g, float[] x, int n, int gi, int j0, int j1, float[] col) {
        if (g.kernelH() == 1 && g.kernelW() == 1 && g.padding() == 0) {
            gatherStrided1x1(g, x, n, gi, j0, j1, col);
            return;
        }
        int h = g.height(), w = g.width(), ow = g.outWidth(), s = g.stride(), pad = g.padding();
        int kh = g.kernelH(), kw = g.kernelW(), cin = g.inPerGroup(), ncols = j1 - j0;
        for (int ci = 0; ci < cin; ci++) {
            int plane = (n * g.inChannels() + gi * cin + ci) * h * w;
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int rowBase = ((ci * kh + ky) * kw + kx) * ncols - j0;   // col index = rowBase + j
                    for (int j = j0; j < j1; ) {
                        int oy = j / ow, ox0 = j - oy * ow;
                        int end = Math.min(j1, (oy + 1) * ow);            // this output row's part
                        int ox1 = ox0 + (end - j);
                        int iy = oy * s - pad + ky;
                        int d = rowBase + j;
                        if (iy < 0 || iy >= h) {
                            Arrays.fill(col, d, d + (end - j), 0f);
                        } else {
                            int src = plane + iy * w - pad + kx;                // x index = src + ox*s
                            // ox range whose ix = ox*s - pad + kx lies inside [0, w)
                            int lo = Math.max(ox0, Math.min(ox1, ceilDiv(pad - kx, s)));
                            int hi = Math.max(lo, Math.min(ox1, ceilDiv(w + pad - kx, s)));
                            Arrays.fill(col, d, d + (lo - ox0), 0f);
                            if (s == 1) {
                                System.arraycopy(x, src + lo, col, d + (lo - ox0), hi - lo);
                            } else if (s == 2) {
                                VectorLoops.everyOther(x, src + lo * 2, col, d + (lo - ox0), hi - lo);
                            } else {
                                for (int ox = lo; ox < hi; ox++) col[d + ox - ox0] = x[src + ox * s];
                            }
                            Arrays.fill(col, d + (hi - ox0), d + (ox1 - ox0), 0f);
                        }
                        j = end;
                    }
                }
            }
        }
    }

    /**
     * {@link #gather} for a 1x1 kernel without padding (a strided shortcut): every tap is inside the
     * image, so each output row is one strided copy, found by stepping through the rows instead of
     * dividing per row. The general loop spent more on its per-row divisions and empty fills than on
     * the copy for the 8- and 16-wide rows of resnet-hne's stride-2 shortcuts (with VectorLoops.everyOther, 5-6% of
     * a batch-64 forward, docs/performance.md).
     */
    private static void gatherStrided1x1(ConvGeometry g, float[] x, int n, int gi, int j0, int j1, float[] col) {
        int w = g.width(), ow = g.outWidth(), s = g.stride(), cin = g.inPerGroup(), ncols = j1 - j0;
        int oy0 = j0 / ow, ox0 = j0 - oy0 * ow;
        for (int ci = 0; ci < cin; ci++) {
            int plane = (n * g.inChannels() + gi * cin + ci) * g.height() * w, d = ci * ncols;
            for (int j = j0, oy = oy0, ox = ox0; j < j1; oy++, ox = 0) {
                int run = Math.min(j1 - j, ow - ox), src = plane + oy * s * w + ox * s;
                if (s == 2) {
                    VectorLoops.everyOther(x, src, col, d, run);
                } else {
                    for (int i = 0; i < run; i++) col[d + i] = x[src + i * s];
                }
                d += run;
                j += run;
            }
        }
    }

    /**
     * Adds the column gradient of (n, gi) into dx: the transpose of {@link #gather} over all columns.
     *
     * @param col (K, OH*OW) column gradient
     * @param dx  (N, Cin, H, W) input gradient, accumulated into
     */
    static void scatterAdd(ConvGeometry g, float[] col, int n, int gi, float[] dx) {
        int h = g.height(), w = g.width(), oh = g.outHeight(), ow = g.outWidth(), s = g.stride();
        int pad = g.padding(), kh = g.kernelH(), kw = g.kernelW(), cin = g.inPerGroup(), ohw = oh * ow;
        for (int ci = 0; ci < cin; ci++) {
            int plane = (n * g.inChannels() + gi * cin + ci) * h * w;
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int rowBase = ((ci * kh + ky) * kw + kx) * ohw;
                    int lo = Math.min(ow, ceilDiv(pad - kx, s));
                    int hi = Math.max(lo, Math.min(ow, ceilDiv(w + pad - kx, s)));
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * s - pad + ky;
                        if (iy < 0 || iy >= h) continue;
                        int dst = plane + iy * w - pad + kx, src = rowBase + oy * ow;
                        for (int ox = lo; ox < hi; ox++) dx[dst + ox * s] += col[src + ox];
                    }
                }
            }
        }
    }

    /** Ceiling of a / b for b > 0 and any sign of a (0 for a <= 0). */
    private static int ceilDiv(int a, int b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
    }
}
