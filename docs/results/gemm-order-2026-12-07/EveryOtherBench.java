import jdk.incubator.vector.*;
public class EveryOtherBench {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();
  static final VectorShuffle<Float> EVEN, LO, HI; static final VectorMask<Float> UPPER;
  static { int[] idx = new int[L]; for (int i = 0; i < L; i++) idx[i] = 2 * i; EVEN = VectorShuffle.fromArray(S, idx, 0);
    int[] lo = new int[L], hi = new int[L]; boolean[] up = new boolean[L];
    for (int i = 0; i < L; i++) { lo[i] = (2 * i) % L; hi[i] = (2 * i) % L; up[i] = i >= L / 2; }
    LO = VectorShuffle.fromArray(S, lo, 0); HI = LO; UPPER = VectorMask.fromArray(S, up, 0); }
  static void scalar(float[] x, int off, float[] buf, int b, int count) { for (int i = 0; i < count; i++) buf[b + i] = x[off + 2 * i]; }
  static void vec(float[] x, int off, float[] buf, int b, int count) {
    int i = 0;
    for (; i + L <= count && off + 2 * i + 2 * L <= x.length; i += L) {
      FloatVector v0 = FloatVector.fromArray(S, x, off + 2 * i), v1 = FloatVector.fromArray(S, x, off + 2 * i + L);
      v0.rearrange(LO).blend(v1.rearrange(HI), UPPER).intoArray(buf, b + i);
    }
    for (; i < count; i++) buf[b + i] = x[off + 2 * i];
  }
  public static void main(String[] a) {
    int w = Integer.parseInt(a[0]), h = w; float[] x = new float[w * h * 64]; float[] buf = new float[w * h]; float[] buf2 = new float[w*h];
    for (int i = 0; i < x.length; i++) x[i] = i;
    for (int rep = 0; rep < 10; rep++) {
      long t0 = System.nanoTime();
      for (int p = 0; p < 64 * 50; p++) { int base = (p % 64) * w * h; for (int iy = 0; iy < h; iy++) { scalar(x, base + iy * w + 1, buf, iy * (w/2+1), w / 2); scalar(x, base + iy*w, buf, iy*(w/2+1)+w*h/2-w, w/2);} }
      long t1 = System.nanoTime();
      for (int p = 0; p < 64 * 50; p++) { int base = (p % 64) * w * h; for (int iy = 0; iy < h; iy++) { vec(x, base + iy * w + 1, buf2, iy * (w/2+1), w / 2); vec(x, base + iy*w, buf2, iy*(w/2+1)+w*h/2-w, w/2);} }
      long t2 = System.nanoTime();
      if (rep > 6) System.out.printf("w=%d scalar %.2f us/plane, vector %.2f us/plane, equal=%b%n", w, (t1-t0)/3200e3, (t2-t1)/3200e3, java.util.Arrays.equals(buf, buf2));
    }
  }
}
