import dev.hne.anytime.*;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.ops.Rows;
import dev.hne.tree.*;
import java.util.*;
public class SliceLoop {
  public static void main(String[] a) {
    int n = Integer.parseInt(a[0]); String arch = a[1]; int batch = Integer.parseInt(a[2]);
    int[] slices = Arrays.stream(a[3].split(",")).mapToInt(Integer::parseInt).toArray();
    int reps = Integer.parseInt(a[4]), rounds = Integer.parseInt(a[5]);
    AnytimeWorkload w = AnytimeWorkload.create(arch, batch, null, "cpu", 1);
    HneTree tree = w.tree();
    int res = tree.spec().resolution(), ch = tree.spec().inChannels();
    Tensor x = Tensor.randn(new Random(2), 1f, batch, ch, res, res);
    StringBuilder sb = new StringBuilder(arch + " n=" + n + " batch=" + batch + ":");
    double[][] med = new double[slices.length][rounds];
    List<List<Tensor>> parts = new ArrayList<>();
    for (int s : slices) {
      List<Tensor> p = new ArrayList<>();
      for (int r0 = 0; r0 < batch; r0 += s) { int[] rows = new int[Math.min(s, batch - r0)]; for (int i = 0; i < rows.length; i++) rows[i] = r0 + i; p.add(Rows.gather(x, rows)); }
      parts.add(p);
    }
    for (int round = 0; round < rounds; round++) {
      for (int si = 0; si < slices.length; si++) {
        long[] t = new long[reps];
        for (int i = 0; i < reps; i++) {
          long t0 = System.nanoTime();
          try (var g = Autograd.noGrad()) { for (Tensor p : parts.get(si)) Anytime.evaluate(tree, p, n, LeafOrder.NATURAL).ensemble(); }
          t[i] = System.nanoTime() - t0;
        }
        Arrays.sort(t); med[si][round] = t[reps / 2] / 1e6;
      }
    }
    for (int si = 0; si < slices.length; si++) {
      double[] m = Arrays.copyOfRange(med[si], 2, rounds); Arrays.sort(m);
      sb.append(String.format(" slice %d %.2f ms;", slices[si], m[m.length / 2]));
    }
    System.out.println(sb);
    System.exit(0);
  }
}
