/*
 * Resampler: antialiased bilinear resizing, separable (rows, then columns).
 *
 * This is the "triangle filter" resampling of Pillow's Image.resize(BILINEAR): when shrinking, the
 * filter widens by the scale factor so every source pixel contributes (no aliasing when a 500-pixel
 * photo becomes 224); when enlarging it is plain bilinear interpolation with pixel centres at +0.5.
 *
 *   For output pixel i of a 1-D line: centre = (i + 0.5) * scale, where scale = in / out;
 *   weight of input pixel j = tri((j + 0.5 - centre) / max(scale, 1)), tri(t) = max(0, 1 - |t|),
 *   normalised to sum to 1.
 *
 * Not a Transform: Resize and RandomResizedCrop decide the sizes, this only resamples.
 */
package dev.hne.datasets.transform;

import dev.hne.datasets.Image;

final class Resampler {

    private Resampler() {
    }

    /** {@code src} (C, H, W) resampled to (C, outH, outW). */
    static Image resize(Image src, int outH, int outW) {
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("resize target must be positive, got " + outH + " x " + outW);
        }
        if (outH == src.height() && outW == src.width()) {
            return src;
        }
        int c = src.channels();
        int h = src.height();
        int w = src.width();
        // Horizontal pass: (C, H, W) -> (C, H, outW).
        Weights wx = Weights.of(w, outW);
        float[] tmp = new float[c * h * outW];
        float[] in = src.data();
        for (int row = 0; row < c * h; row++) {
            int inRow = row * w;
            int outRow = row * outW;
            for (int i = 0; i < outW; i++) {
                int start = wx.start[i];
                int base = i * wx.taps;
                float acc = 0;
                for (int k = 0; k < wx.count[i]; k++) {
                    acc += wx.weight[base + k] * in[inRow + start + k];
                }
                tmp[outRow + i] = acc;
            }
        }
        // Vertical pass: (C, H, outW) -> (C, outH, outW), accumulating whole rows for locality.
        Weights wy = Weights.of(h, outH);
        float[] out = new float[c * outH * outW];
        for (int ch = 0; ch < c; ch++) {
            int inPlane = ch * h * outW;
            int outPlane = ch * outH * outW;
            for (int i = 0; i < outH; i++) {
                int start = wy.start[i];
                int base = i * wy.taps;
                int outRow = outPlane + i * outW;
                for (int k = 0; k < wy.count[i]; k++) {
                    float wk = wy.weight[base + k];
                    int inRow = inPlane + (start + k) * outW;
                    for (int x = 0; x < outW; x++) {
                        out[outRow + x] += wk * tmp[inRow + x];
                    }
                }
            }
        }
        return new Image(out, c, outH, outW);
    }

    /** Filter taps for one axis: output i reads input start[i] .. start[i] + count[i] - 1. */
    private static final class Weights {
        final int[] start;
        final int[] count;
        final float[] weight; // (out, taps)
        final int taps;

        private Weights(int[] start, int[] count, float[] weight, int taps) {
            this.start = start;
            this.count = count;
            this.weight = weight;
            this.taps = taps;
        }

        static Weights of(int in, int out) {
            double scale = (double) in / out;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale; // triangle support 1, widened when shrinking
            int taps = (int) Math.ceil(support) * 2 + 1;
            int[] start = new int[out];
            int[] count = new int[out];
            float[] weight = new float[out * taps];
            for (int i = 0; i < out; i++) {
                double centre = (i + 0.5) * scale;
                int lo = Math.max(0, (int) (centre - support + 0.5));
                int hi = Math.min(in, (int) (centre + support + 0.5));
                double sum = 0;
                int n = Math.min(hi - lo, taps);
                double[] ws = new double[n];
                for (int k = 0; k < n; k++) {
                    double t = (lo + k + 0.5 - centre) / filterScale;
                    ws[k] = Math.max(0.0, 1.0 - Math.abs(t));
                    sum += ws[k];
                }
                start[i] = lo;
                count[i] = n;
                for (int k = 0; k < n; k++) {
                    weight[i * taps + k] = (float) (sum > 0 ? ws[k] / sum : 0);
                }
            }
            return new Weights(start, count, weight, taps);
        }
    }
}
