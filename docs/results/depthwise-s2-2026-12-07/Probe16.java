package dev.hne.engine.backend.cpu;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
public class Probe16 {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  /** C[0:16, 0:16] = clamp(A*B + shift, lo, hi), A (16,k) in place (lda), B (k,16) in place (ldb). */
  static void tile(int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, float[] shift, int so, float lo, float hi) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = FloatVector.zero(S);
    FloatVector c2 = FloatVector.zero(S);
    FloatVector c3 = FloatVector.zero(S);
    FloatVector c4 = FloatVector.zero(S);
    FloatVector c5 = FloatVector.zero(S);
    FloatVector c6 = FloatVector.zero(S);
    FloatVector c7 = FloatVector.zero(S);
    FloatVector c8 = FloatVector.zero(S);
    FloatVector c9 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S);
    FloatVector c11 = FloatVector.zero(S);
    FloatVector c12 = FloatVector.zero(S);
    FloatVector c13 = FloatVector.zero(S);
    FloatVector c14 = FloatVector.zero(S);
    FloatVector c15 = FloatVector.zero(S);
    for (int p = 0; p < k; p++) {
      FloatVector bv = FloatVector.fromArray(S, b, bOff + p * ldb);
      int ao = aOff + p;
      c0 = FloatVector.broadcast(S, a[ao + 0 * lda]).fma(bv, c0);
      c1 = FloatVector.broadcast(S, a[ao + 1 * lda]).fma(bv, c1);
      c2 = FloatVector.broadcast(S, a[ao + 2 * lda]).fma(bv, c2);
      c3 = FloatVector.broadcast(S, a[ao + 3 * lda]).fma(bv, c3);
      c4 = FloatVector.broadcast(S, a[ao + 4 * lda]).fma(bv, c4);
      c5 = FloatVector.broadcast(S, a[ao + 5 * lda]).fma(bv, c5);
      c6 = FloatVector.broadcast(S, a[ao + 6 * lda]).fma(bv, c6);
      c7 = FloatVector.broadcast(S, a[ao + 7 * lda]).fma(bv, c7);
      c8 = FloatVector.broadcast(S, a[ao + 8 * lda]).fma(bv, c8);
      c9 = FloatVector.broadcast(S, a[ao + 9 * lda]).fma(bv, c9);
      c10 = FloatVector.broadcast(S, a[ao + 10 * lda]).fma(bv, c10);
      c11 = FloatVector.broadcast(S, a[ao + 11 * lda]).fma(bv, c11);
      c12 = FloatVector.broadcast(S, a[ao + 12 * lda]).fma(bv, c12);
      c13 = FloatVector.broadcast(S, a[ao + 13 * lda]).fma(bv, c13);
      c14 = FloatVector.broadcast(S, a[ao + 14 * lda]).fma(bv, c14);
      c15 = FloatVector.broadcast(S, a[ao + 15 * lda]).fma(bv, c15);
    }
    FloatVector lov = FloatVector.broadcast(S, lo), hiv = FloatVector.broadcast(S, hi);
    c0.add(shift[so + 0]).max(lov).min(hiv).intoArray(c, cOff + 0 * ldc);
    c1.add(shift[so + 1]).max(lov).min(hiv).intoArray(c, cOff + 1 * ldc);
    c2.add(shift[so + 2]).max(lov).min(hiv).intoArray(c, cOff + 2 * ldc);
    c3.add(shift[so + 3]).max(lov).min(hiv).intoArray(c, cOff + 3 * ldc);
    c4.add(shift[so + 4]).max(lov).min(hiv).intoArray(c, cOff + 4 * ldc);
    c5.add(shift[so + 5]).max(lov).min(hiv).intoArray(c, cOff + 5 * ldc);
    c6.add(shift[so + 6]).max(lov).min(hiv).intoArray(c, cOff + 6 * ldc);
    c7.add(shift[so + 7]).max(lov).min(hiv).intoArray(c, cOff + 7 * ldc);
    c8.add(shift[so + 8]).max(lov).min(hiv).intoArray(c, cOff + 8 * ldc);
    c9.add(shift[so + 9]).max(lov).min(hiv).intoArray(c, cOff + 9 * ldc);
    c10.add(shift[so + 10]).max(lov).min(hiv).intoArray(c, cOff + 10 * ldc);
    c11.add(shift[so + 11]).max(lov).min(hiv).intoArray(c, cOff + 11 * ldc);
    c12.add(shift[so + 12]).max(lov).min(hiv).intoArray(c, cOff + 12 * ldc);
    c13.add(shift[so + 13]).max(lov).min(hiv).intoArray(c, cOff + 13 * ldc);
    c14.add(shift[so + 14]).max(lov).min(hiv).intoArray(c, cOff + 14 * ldc);
    c15.add(shift[so + 15]).max(lov).min(hiv).intoArray(c, cOff + 15 * ldc);
  }

  public static void main(String[] args) {
    int batch = 64, cin = Integer.parseInt(args[0]), hw = Integer.parseInt(args[1]), cout = 16;
    java.util.Random r = new java.util.Random(1);
    float[] x = new float[batch * cin * hw]; for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - 0.5f;
    float[] w = new float[cout * cin]; for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - 0.5f;
    float[] sc = new float[cout], sh = new float[cout]; java.util.Arrays.fill(sc, 1f);
    float[] y = new float[batch * cout * hw], y2 = new float[y.length];
    int side = (int) Math.round(Math.sqrt(hw));
    dev.hne.engine.backend.ConvGeometry g = new dev.hne.engine.backend.ConvGeometry(batch, cin, side, side, cout, 1, 1, 1, 0, 1);
    Parallel par = new Parallel(1);
    for (int rep = 0; rep < 3; rep++) {
      double best = 1e18, best2 = 1e18;
      for (int round = 0; round < 20; round++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) CpuConv.forwardFused(par, g, x, w, WeightGroups.IN_ORDER, sc, sh, null, 0f, Float.MAX_VALUE, y);
        best = Math.min(best, (System.nanoTime() - t0) / 5.0);
        t0 = System.nanoTime();
        for (int i = 0; i < 5; i++)
          for (int n = 0; n < batch; n++)
            for (int j = 0; j < hw; j += 16)
              tile(cin, w, 0, cin, x, n * cin * hw + j, hw, y2, n * cout * hw + j, hw, sh, 0, 0f, Float.MAX_VALUE);
        best2 = Math.min(best2, (System.nanoTime() - t0) / 5.0);
      }
      double maxd = 0; for (int i = 0; i < y.length; i++) maxd = Math.max(maxd, Math.abs(y[i] - y2[i]));
      System.out.printf("cin %d hw %d: current %.3f ms (%.1f GFLOP/s), 16x16 in place %.3f ms (%.1f GFLOP/s), max diff %.2e%n", cin, hw, best / 1e6, 2.0 * g.macs() / best, best2 / 1e6, 2.0 * g.macs() / best2, maxd);
    }
    System.exit(0);
  }
}