import ai.onnxruntime.*;
import dev.hne.anytime.*;
import dev.hne.export.OnnxExport;
import dev.hne.engine.Tensor;
import java.nio.FloatBuffer;
import java.util.*;
public class OrtProfile {
  public static void main(String[] a) throws Exception {
    String arch = a[0]; int n = Integer.parseInt(a[1]); int batch = Integer.parseInt(a[2]); int reps = Integer.parseInt(a[3]);
    AnytimeWorkload ours = AnytimeWorkload.create(arch, batch, null, "cpu", 1);
    byte[] model = OnnxExport.ensemble(ours.tree(), LeafOrder.NATURAL.first(n, ours.leaves()), batch);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    o.setIntraOpNumThreads(2); o.setInterOpNumThreads(1);
    o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    o.setOptimizedModelFilePath("/tmp/p1/opt-" + arch + "-" + n + "-" + batch + ".onnx");
    OrtSession warm = env.createSession(model, o);
    int res = ours.tree().spec().resolution(), ch = ours.tree().spec().inChannels();
    Tensor x = Tensor.randn(new Random(2), 1f, batch, ch, res, res);
    OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toArray()), new long[]{batch, ch, res, res});
    for (int i = 0; i < reps; i++) warm.run(Map.of(OnnxExport.INPUT, in)).close();
    long t0 = System.nanoTime();
    for (int i = 0; i < reps; i++) warm.run(Map.of(OnnxExport.INPUT, in)).close();
    System.out.printf("ort plain %.3f ms/forward%n", (System.nanoTime() - t0) / 1e6 / reps);
    o.enableProfiling("/tmp/p1/ort-" + arch + "-" + n + "-" + batch);
    OrtSession s = env.createSession(model, o);
    for (int i = 0; i < reps; i++) s.run(Map.of(OnnxExport.INPUT, in)).close();
    System.out.println(s.endProfiling());
    System.exit(0);
  }
}
