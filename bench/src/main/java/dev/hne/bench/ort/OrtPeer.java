package dev.hne.bench.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hne.anytime.Anytime;
import dev.hne.anytime.AnytimeWorkload;
import dev.hne.anytime.LeafOrder;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.export.OnnxExport;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;

/**
 * One ONNX Runtime session running the same network as our benchmark: the tree of
 * {@link AnytimeWorkload} (same arch, seed, so the same weights), exported with
 * {@link OnnxExport#ensemble} for the first n members in the natural order at a fixed batch.
 * ORT runs 2 intra-op threads, 1 inter-op thread, sequential execution, all graph optimisations.
 *
 * <p>At set-up the session's logits are checked against our engine's on the same input (max
 * difference <= 1e-4 of the logit scale, as OnnxExportTest), so a benchmark never times a network
 * that differs from ours.
 */
final class OrtPeer implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final OnnxTensor input;

    OrtPeer(String arch, int n, int batch, Integer resolution, String device) throws OrtException {
        if (!device.equals("cpu")) {
            throw new IllegalArgumentException("the ONNX Runtime peer runs on the CPU only; device = " + device);
        }
        AnytimeWorkload ours = AnytimeWorkload.create(arch, batch, resolution, "cpu", 1);
        if (n < 1 || n > ours.leaves()) {
            throw new IllegalArgumentException(arch + " has " + ours.leaves() + " members; n = " + n + " is outside 1.."
                    + ours.leaves());
        }
        byte[] model = OnnxExport.ensemble(ours.tree(), LeafOrder.NATURAL.first(n, ours.leaves()), batch);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(model, options);
        }
        int res = ours.tree().spec().resolution(), channels = ours.tree().spec().inChannels();
        Tensor x = Tensor.randn(new Random(2), 1f, batch, channels, res, res);
        input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toArray()), new long[] {batch, channels, res, res});
        requireSameLogits(ours, x, n);
    }

    /** One inference; returns a logit so the JIT cannot drop the call. */
    float run() throws OrtException {
        try (OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
            return ((OnnxTensor) result.get(0)).getFloatBuffer().get(0);
        }
    }

    private void requireSameLogits(AnytimeWorkload ours, Tensor x, int n) throws OrtException {
        float[] expected;
        try (var scope = Autograd.noGrad()) {
            expected = Anytime.evaluate(ours.tree(), x, n, LeafOrder.NATURAL).ensemble().toArray();
        }
        float[] got;
        try (OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
            FloatBuffer b = ((OnnxTensor) result.get(0)).getFloatBuffer();
            got = new float[b.remaining()];
            b.get(got);
        }
        double max = 0, scale = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - got[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        if (got.length != expected.length || max > 1e-4 * (1 + scale)) {
            throw new IllegalStateException("ORT peer: logits differ from ours (" + got.length + " vs " + expected.length
                    + " values, max |diff| " + max + ", scale " + scale + "): the export does not match the engine");
        }
        System.out.printf("ort: logits match ours (max |diff| %.2e, logit scale %.3f)%n", max, scale);
    }

    @Override
    public void close() throws OrtException {
        input.close();
        session.close();
    }
}
