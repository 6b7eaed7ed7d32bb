package dev.hne.engine.backend.cpu;
import java.util.Random;
/**
 * One 1x1 layer at batch 1 (m = cout, k = cin, n = hw columns), weights read in place: multiplyRowsFused
 * (B packed per call) against B read in place by the 8 x 32 kernel (whole panels; the ragged tail packed).
 * Inputs rotate among COPIES buffers so caches are as cold as in a network. args: m k side reps
 */
public class InPlaceB {
  public static void main(String[] args) {
    int m = Integer.parseInt(args[0]), k = Integer.parseInt(args[1]), side = Integer.parseInt(args[2]), reps = Integer.parseInt(args[3]);
    int n = side * side, copies = Integer.getInteger("copies", 8);
    Random r = new Random(1);
    float[][] x = new float[copies][], y = new float[copies][];
    for (int i = 0; i < copies; i++) { x[i] = rnd(r, k * n); y[i] = new float[m * n]; }
    float[] w = rnd(r, m * k), scale = rnd(r, m), shift = rnd(r, m);
    float lo = 0f, hi = Float.POSITIVE_INFINITY;
    java.util.List<Double> ratios = new java.util.ArrayList<>();
    double[] last = new double[2];
    for (int round = 0; round < 14; round++) {
      for (int v = 0; v < 2; v++) {
        long t0 = System.nanoTime();
        for (int rep = 0; rep < reps; rep++) {
          int c = rep % copies;
          if (v == 0) GemmDriver.multiplyRowsFused(w, 0, k, m, n, k, x[c], 0, n, false, y[c], 0, n, scale, shift, 0, null, lo, hi);
          else if (WIDE) inPlaceWide(w, m, k, n, x[c], y[c], scale, shift, lo, hi);
          else inPlace(w, m, k, n, x[c], y[c], scale, shift, lo, hi);
        }
        last[v] = (System.nanoTime() - t0) / 1e3 / reps;
      }
      if (round >= 3) ratios.add(last[1] / last[0]);
    }
    // same bits?
    float[] y0 = new float[m * n], y1 = new float[m * n];
    GemmDriver.multiplyRowsFused(w, 0, k, m, n, k, x[0], 0, n, false, y0, 0, n, scale, shift, 0, null, lo, hi);
    if (WIDE) inPlaceWide(w, m, k, n, x[0], y1, scale, shift, lo, hi); else inPlace(w, m, k, n, x[0], y1, scale, shift, lo, hi);
    java.util.Collections.sort(ratios);
    System.out.printf("m=%d k=%d %dx%d: in-place/packed median %.3f (min %.3f max %.3f), last packed %.1f us in place %.1f us, same bits %b%n",
        m, k, side, side, ratios.get(ratios.size() / 2), ratios.get(0), ratios.get(ratios.size() - 1), last[0], last[1], java.util.Arrays.equals(y0, y1));
  }
  static final boolean WIDE = Boolean.getBoolean("wide");
  static void inPlaceWide(float[] w, int m, int k, int n, float[] x, float[] y, float[] scale, float[] shift, float lo, float hi) {
    int pairs = n / 64 * 64;
    for (int j0 = 0; j0 < pairs; j0 += 64)
      for (int ir = 0; ir < m; ir += 4)
        MicroKernel.multiplyRowsWideShift(k, w, ir * k, k, x, j0, n, MicroKernel.NR, y, ir * n + j0, n, scale, shift, ir, lo, hi);
    int whole = n / 32 * 32;
    for (int j0 = pairs; j0 < whole; j0 += 32)
      for (int ir = 0; ir < m; ir += 8)
        MicroKernel.multiplyRowsShift(k, w, ir * k, k, x, j0, n, y, ir * n + j0, n, scale, shift, ir, lo, hi);
    if (whole < n) GemmDriver.multiplyRowsFused(w, 0, k, m, n - whole, k, x, whole, n, false, y, whole, n, scale, shift, 0, null, lo, hi);
  }
  static void inPlace(float[] w, int m, int k, int n, float[] x, float[] y, float[] scale, float[] shift, float lo, float hi) {
    int whole = n / MicroKernel.NR * MicroKernel.NR;
    for (int j0 = 0; j0 < whole; j0 += MicroKernel.NR)
      for (int ir = 0; ir < m; ir += MicroKernel.MR)
        MicroKernel.multiplyRowsShift(k, w, ir * k, k, x, j0, n, y, ir * n + j0, n, scale, shift, ir, lo, hi);
    if (whole < n) GemmDriver.multiplyRowsFused(w, 0, k, m, n - whole, k, x, whole, n, false, y, whole, n, scale, shift, 0, null, lo, hi);
  }
  static float[] rnd(Random r, int len) { float[] f = new float[len]; for (int i = 0; i < len; i++) f[i] = (float) r.nextGaussian(); return f; }
}
