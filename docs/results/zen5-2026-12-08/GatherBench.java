package dev.hne.engine.backend.cpu;
import dev.hne.engine.backend.ConvGeometry;
public class GatherBench {
  public static void main(String[] a) {
    int c = Integer.parseInt(a[0]), side = Integer.parseInt(a[1]), imgs = 64;
    ConvGeometry g = new ConvGeometry(imgs, c, side, side, 2 * c, 1, 1, 2, 0, 1);
    float[] x = new float[imgs * c * side * side];
    for (int i = 0; i < x.length; i++) x[i] = i % 7;
    int ohw = g.outHeight() * g.outWidth();
    float[] col = new float[c * ohw];
    double best = 1e18;
    for (int r = 0; r < 30; r++) {
      long t0 = System.nanoTime();
      for (int n = 0; n < imgs; n++) Im2col.gather(g, x, n, 0, 0, ohw, col);
      best = Math.min(best, System.nanoTime() - t0);
    }
    System.out.printf("%d ch %dx%d -> stride 2, 64 images: %.3f ms (best of 30)%n", c, side, side, best / 1e6);
  }
}
