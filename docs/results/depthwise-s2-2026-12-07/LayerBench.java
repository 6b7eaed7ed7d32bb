package dev.hne.engine.backend.cpu;
import dev.hne.engine.backend.ConvGeometry;
import java.util.Random;
/** Single layers through CpuConv.forwardFused: LayerBench THREADS [dw|k16|small]; -Dcopies=N rotates N buffers. */
public class LayerBench {
  public static void main(String[] a) {
    int threads = Integer.parseInt(a[0]);
    Parallel par = new Parallel(threads);
    int[][] shapes = a.length > 1 && a[1].equals("small") ? new int[][] {{128,8,28,28,8,3,2,0},{128,16,14,14,16,3,2,0},{128,16,28,28,16,3,2,0},{128,32,14,14,32,3,2,0}} : a.length > 1 && a[1].equals("k16") ? new int[][] {{1,16,112,112,96,1,1,0},{1,24,56,56,144,1,1,0},{64,16,32,32,64,1,1,1},{1,16,32,32,64,1,1,1},{1,3,32,32,16,3,1,0},{1,3,224,224,16,3,2,0}} : new int[][] {
      {64,16,32,32,64,1,1,1}, {64,64,32,32,16,1,1,0}, {64,64,32,32,32,1,1,0}, {64,64,8,8,256,1,1,1}, {64,256,8,8,64,1,1,0},
      {64,64,32,32,128,1,2,0}, {64,32,32,32,32,3,2,0}, {64,64,8,8,64,3,1,0}, {64,16,32,32,16,3,1,0}, {64,64,16,16,64,3,2,0}, {1,32,32,32,32,3,2,0}, {1,64,16,16,64,3,2,0}, {1,32,112,112,32,3,2,0}, {1,64,56,56,64,3,2,0}, {1,128,28,28,128,3,2,0}, {1,256,14,14,256,3,2,0} };
    for (int[] s : shapes) { if (a.length > 1 && a[1].equals("dw") && s[5] != 3) continue;
      int k = s[5], stride = s[6]; boolean dw = k == 3 && s[1] == s[4];
      ConvGeometry g = new ConvGeometry(s[0], s[1], s[2], s[3], s[4], k, k, stride, k == 3 ? 1 : 0, dw ? s[1] : 1);
      Random r = new Random(1);
      float[] x = new float[s[0]*s[1]*s[2]*s[3]]; for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - 0.5f;
      float[] w = new float[g.outChannels() * g.inPerGroup() * k * k]; for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - 0.5f;
      float[] sc = new float[g.outChannels()], sh = new float[g.outChannels()]; java.util.Arrays.fill(sc, 1f);
      int copies = Integer.getInteger("copies", 1);
      float[][] xs = new float[copies][], ys = new float[copies][];
      for (int c = 0; c < copies; c++) { xs[c] = x.clone(); ys[c] = new float[g.batch() * g.outChannels() * g.outHeight() * g.outWidth()]; }
      float[] y = ys[0];
      float[] res = s[7] == 1 ? new float[y.length] : null;
      double best = 1e18;
      for (int round = 0; round < 15; round++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) CpuConv.forwardFused(par, g, xs[i % copies], w, WeightGroups.IN_ORDER, sc, sh, res, 0f, Float.MAX_VALUE, ys[i % copies]);
        best = Math.min(best, (System.nanoTime() - t0) / 20.0);
      }
      System.out.printf("%-80s %8.3f ms  %6.1f GFLOP/s%n", g + (res != null ? " res" : ""), best / 1e6, 2.0 * g.macs() / best);
    }
    System.exit(0);
  }
}
