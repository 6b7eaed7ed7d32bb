/*
 * SyntheticImages: draws one 32 x 32 RGB image of a shape or texture class, as a pure function of
 * (seed, split, index). No files, no state, safe from any thread.
 *
 * Ten classes (label = index % 10, so every split is balanced):
 *   0 disk       1 square (any rotation)   2 triangle (any rotation)   3 plus (+-15 deg)
 *   4 ring       5 horizontal stripes      6 vertical stripes          7 diagonal stripes (/ or \)
 *   8 checkerboard                          9 ellipse (axis ratio 0.35..0.6, any rotation)
 * Each image randomises: position, size, foreground colour, background colour with a low-frequency
 * wave texture, sometimes small clutter dots, Gaussian pixel noise of random strength, and a
 * foreground/background contrast that is sometimes low. Shapes are antialiased (coverage from a
 * signed distance). The hard cases (small, faint, noisy; disk vs ellipse vs ring; stripes at +-15
 * deg vs diagonals) keep a small CNN well below 100%.
 *
 * Random numbers come from a SplittableRandom seeded by mixing (seed, split, index), Gaussian
 * values from a fixed table of quantiles, and trigonometry from StrictMath (Math.sin may differ in
 * the last bit between JVMs), so results are bit-identical on every JVM.
 */
package dev.hne.datasets.synthetic;

import java.util.SplittableRandom;

public final class SyntheticImages {

    public static final int SIZE = 32;
    public static final int CHANNELS = 3;
    public static final int NUM_CLASSES = 10;
    public static final int PIXELS = CHANNELS * SIZE * SIZE;

    private static final int NOISE_TABLE = 4096;
    /** Standard normal quantiles at (k + 0.5) / 4096: deterministic Gaussian noise by table lookup. */
    private static final float[] GAUSS = new float[NOISE_TABLE];

    static {
        for (int k = 0; k < NOISE_TABLE; k++) {
            GAUSS[k] = (float) inverseNormal((k + 0.5) / NOISE_TABLE);
        }
    }

    private SyntheticImages() {
    }

    /** The label of sample {@code index}. */
    public static int label(long index) {
        return (int) (index % NUM_CLASSES);
    }

    /**
     * Draws sample {@code index} of {@code split} (0 = train, 1 = test) into {@code out} at
     * {@code offset} as (3, 32, 32) bytes, value v meaning v / 255.
     */
    public static void draw(long seed, int split, int index, byte[] out, int offset) {
        SplittableRandom r = new SplittableRandom(mix(seed, split, index));
        int label = label(index);
        float[] img = new float[PIXELS]; // (3, 32, 32) in [0, 1]
        int plane = SIZE * SIZE;

        // Background: a colour plus a slow wave with random direction, frequency and per-channel strength.
        float[] bg = randomColour(r);
        double waveAngle = r.nextDouble() * Math.PI;
        double waveFreq = 0.02 + 0.06 * r.nextDouble(); // cycles per pixel: a gentle gradient, not stripes
        double wavePhase = r.nextDouble() * 2 * Math.PI;
        float[] waveAmp = {(float) (0.12 * r.nextDouble()), (float) (0.12 * r.nextDouble()), (float) (0.12 * r.nextDouble())};
        // sin(a x + b y + p) = sin(a x) cos(b y + p) + cos(a x) sin(b y + p): 4 x 32 trig calls, not 1024.
        double a = StrictMath.cos(waveAngle) * waveFreq * 2 * Math.PI;
        double b = StrictMath.sin(waveAngle) * waveFreq * 2 * Math.PI;
        float[] sx = new float[SIZE];
        float[] cx = new float[SIZE];
        float[] sy = new float[SIZE];
        float[] cy = new float[SIZE];
        for (int t = 0; t < SIZE; t++) {
            sx[t] = (float) StrictMath.sin(a * t);
            cx[t] = (float) StrictMath.cos(a * t);
            sy[t] = (float) StrictMath.sin(b * t + wavePhase);
            cy[t] = (float) StrictMath.cos(b * t + wavePhase);
        }

        // Foreground colour: the background moved by a random contrast (often small) in a random
        // direction, so some shapes are faint.
        double contrast = 0.2 + 0.4 * StrictMath.pow(r.nextDouble(), 1.5);
        float[] dir = {GAUSS[r.nextInt(NOISE_TABLE)], GAUSS[r.nextInt(NOISE_TABLE)], GAUSS[r.nextInt(NOISE_TABLE)]};
        float norm = (float) Math.sqrt((dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]) / CHANNELS) + 1e-6f;
        float[] fg = new float[CHANNELS];
        for (int c = 0; c < CHANNELS; c++) {
            fg[c] = Math.max(0f, Math.min(1f, bg[c] + (float) contrast * dir[c] / norm));
        }

        float[] mask = new float[plane];
        Shape.draw(label, r, mask);

        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int k = y * SIZE + x;
                float wave = sx[x] * cy[y] + cx[x] * sy[y];
                float m = mask[k];
                for (int c = 0; c < CHANNELS; c++) {
                    float back = bg[c] + waveAmp[c] * wave;
                    img[c * plane + k] = back + (fg[c] - back) * m;
                }
            }
        }

        // Clutter: a few 1-2 pixel dots of random colour, on half of the images.
        if (r.nextBoolean()) {
            int dots = 1 + r.nextInt(4);
            for (int d = 0; d < dots; d++) {
                float[] colour = randomColour(r);
                int s = 1 + r.nextInt(2);
                int x0 = r.nextInt(SIZE - s + 1);
                int y0 = r.nextInt(SIZE - s + 1);
                for (int y = y0; y < y0 + s; y++) {
                    for (int x = x0; x < x0 + s; x++) {
                        for (int c = 0; c < CHANNELS; c++) {
                            img[c * plane + y * SIZE + x] = colour[c];
                        }
                    }
                }
            }
        }

        // Pixel noise with a per-image strength, then clamp and quantise.
        float sigma = (float) (0.02 + 0.08 * r.nextDouble());
        for (int k = 0; k < PIXELS; k++) {
            float v = img[k] + sigma * GAUSS[r.nextInt(NOISE_TABLE)];
            v = v < 0 ? 0 : (v > 1 ? 1 : v);
            out[offset + k] = (byte) Math.round(v * 255f);
        }
    }

    private static float[] randomColour(SplittableRandom r) {
        return new float[] {(float) r.nextDouble(), (float) r.nextDouble(), (float) r.nextDouble()};
    }

    /** SplitMix64 finaliser over (seed, split, index): unrelated streams for neighbouring indices. */
    static long mix(long seed, int split, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + (split + 1) * 0xD1B54A32D192ED03L + index * 0xC2B2AE3D27D4EB4FL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Acklam's rational approximation of the standard normal quantile (|error| < 1.2e-9). */
    static double inverseNormal(double p) {
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * StrictMath.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -inverseNormal(1 - p);
        }
        double q = p - 0.5;
        double t = q * q;
        return (((((a[0] * t + a[1]) * t + a[2]) * t + a[3]) * t + a[4]) * t + a[5]) * q
                / (((((b[0] * t + b[1]) * t + b[2]) * t + b[3]) * t + b[4]) * t + 1);
    }
}
