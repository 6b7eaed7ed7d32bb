package dev.hne.engine.backend.cpu;
public class PackBench2 {
  static final int NR = MicroKernel.NR;
  // panels outer: each panel written sequentially; reads 128 B of each of kc rows
  static void packPanelsOuter(float[] b, int bOff, int ldb, int kc, int nc, float[] slab) {
    int panels = nc / NR;
    for (int jp = 0; jp < panels; jp++) {
      int d = jp * kc * NR, src = bOff + jp * NR;
      for (int p = 0; p < kc; p++) System.arraycopy(b, src + p * ldb, slab, d + p * NR, NR);
    }
  }
  // blocks of G panels: for each block, rows inner, G panels per row
  static void packBlocked(float[] b, int bOff, int ldb, int kc, int nc, float[] slab, int G) {
    int panels = nc / NR;
    for (int j0 = 0; j0 < panels; j0 += G) {
      int g = Math.min(G, panels - j0);
      for (int p = 0; p < kc; p++) {
        int src = bOff + p * ldb + j0 * NR;
        for (int jp = 0; jp < g; jp++) System.arraycopy(b, src + jp * NR, slab, (j0 + jp) * kc * NR + p * NR, NR);
      }
    }
  }
  public static void main(String[] a) {
    int[][] shapes = {{64,1024},{256,64},{128,256},{16,1024}};
    for (int rep = 0; rep < 2; rep++)
    for (int[] s : shapes) {
      int k = s[0], hw = s[1], batch = 64;
      float[] x = new float[batch * k * hw]; for (int i = 0; i < x.length; i++) x[i] = i * 1e-6f;
      float[] slab = new float[GemmDriver.ceilDiv(hw, NR) * k * NR];
      StringBuilder out = new StringBuilder("k=" + k + " hw=" + hw + ":");
      for (int variant = 0; variant < 5; variant++) {
        double best = 1e18;
        for (int round = 0; round < 200; round++) {
          long t0 = System.nanoTime();
          for (int n = 0; n < batch; n++) {
            int off = n * k * hw;
            switch (variant) {
              case 0 -> GemmDriver.packB(x, off, hw, false, 0, k, 0, hw, slab);
              case 1 -> packPanelsOuter(x, off, hw, k, hw, slab);
              case 2 -> packBlocked(x, off, hw, k, hw, slab, 2);
              case 3 -> packBlocked(x, off, hw, k, hw, slab, 4);
              default -> packBlocked(x, off, hw, k, hw, slab, 8);
            }
          }
          best = Math.min(best, (System.nanoTime() - t0) / (double) batch);
        }
        out.append(String.format(" v%d %.2f us", variant, best / 1e3));
      }
      System.out.println(out);
    }
  }
}
