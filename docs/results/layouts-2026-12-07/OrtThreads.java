import ai.onnxruntime.*;
import dev.hne.anytime.*;
import dev.hne.export.OnnxExport;
import dev.hne.engine.Tensor;
import java.nio.FloatBuffer;
import java.util.*;
/** ONNX Runtime's own thread scaling: the exported ensemble with INTRA intra-op threads, median of rounds of REPS forwards. */
public class OrtThreads {
  public static void main(String[] a) throws Exception {
    String arch = a[0]; int n = Integer.parseInt(a[1]), batch = Integer.parseInt(a[2]), reps = Integer.parseInt(a[3]);
    int intra = Integer.parseInt(a[4]), rounds = 8;
    AnytimeWorkload ours = AnytimeWorkload.create(arch, batch, null, "cpu", 1);
    byte[] model = OnnxExport.ensemble(ours.tree(), LeafOrder.NATURAL.first(n, ours.leaves()), batch);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    o.setIntraOpNumThreads(intra); o.setInterOpNumThreads(1);
    o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    OrtSession s = env.createSession(model, o);
    int res = ours.tree().spec().resolution(), ch = ours.tree().spec().inChannels();
    Tensor x = Tensor.randn(new Random(2), 1f, batch, ch, res, res);
    OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toArray()), new long[]{batch, ch, res, res});
    double[] med = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long[] t = new long[reps];
      for (int i = 0; i < reps; i++) { long t0 = System.nanoTime(); s.run(Map.of(OnnxExport.INPUT, in)).close(); t[i] = System.nanoTime() - t0; }
      Arrays.sort(t); med[r] = t[reps / 2] / 1e6;
    }
    double[] m = Arrays.copyOfRange(med, 2, rounds); Arrays.sort(m);
    System.out.printf("%.3f%n", m[m.length / 2]);
    System.exit(0);
  }
}
