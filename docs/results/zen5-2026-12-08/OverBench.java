import dev.hne.engine.Memory;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.backend.UnaryOp;
import dev.hne.engine.ops.ConvBatchNormInfer;
import java.util.Random;
/** One residual 1x1 layer (batch, cin -> cout at hw x hw), a separate output against one over the residual, alternating blocks. */
public class OverBench {
  public static void main(String[] a) {
    int batch = Integer.parseInt(a[0]), cin = Integer.parseInt(a[1]), cout = Integer.parseInt(a[2]), hw = Integer.parseInt(a[3]);
    int reps = Integer.parseInt(a[4]);
    Random r = new Random(1);
    try (var ng = Autograd.noGrad()) {
      Tensor x = Tensor.randn(r, 1f, batch, cin, hw, hw), w = Tensor.randn(r, 0.1f, cout, cin, 1, 1);
      Tensor ones = Tensor.full(1f, cout), zeros = Tensor.zeros(cout);
      Tensor res = Tensor.randn(r, 1f, batch, cout, hw, hw);
      Tensor pool = Tensor.randn(r, 1f, batch, cout, hw, hw);
      double macs = (double) batch * cin * cout * hw * hw;
      java.util.List<Double> ratios = new java.util.ArrayList<>();
      double[] last = new double[2];
      for (int round = 0; round < 16; round++) {
        for (int v = 0; v < 2; v++) {
          long t0 = System.nanoTime();
          for (int i = 0; i < reps; i++) {
            try (var s = Memory.scope()) {
              if (v == 0) ConvBatchNormInfer.apply(x, w, 1, 0, 1, null, ones, zeros, zeros, ones, 1e-5f, res, UnaryOp.RELU);
              else ConvBatchNormInfer.applyOverResidual(x, w, 1, 0, 1, null, ones, zeros, zeros, ones, 1e-5f, res, UnaryOp.RELU);
            }
          }
          double us = (System.nanoTime() - t0) / 1e3 / reps;
          last[v] = us;
        }
        if (round >= 3) ratios.add(last[1] / last[0]);
      }
      java.util.Collections.sort(ratios);
      System.out.printf("%d %d->%d %dx%d: over/apart median %.3f (min %.3f max %.3f), last apart %.1f us over %.1f us%n", batch, cin, cout, hw, hw,
          ratios.get(ratios.size() / 2), ratios.get(0), ratios.get(ratios.size() - 1), last[0], last[1]);
    }
  }
}
