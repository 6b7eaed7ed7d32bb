package dev.hne.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import dev.hne.engine.nn.Parameter;
import dev.hne.loss.HneLoss;
import dev.hne.loss.LossConfig;
import dev.hne.loss.Objective;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The recomputing memory mode (TRAIN_RECOMPUTE: -Dhne.recompute=true or HneTree.useRecompute,
 * ConvBatchNorm) trains the same model: one
 * training step of a ResNet HNE gives the same loss, gradients and running statistics as the
 * plain ops. Two identical trees, one step each, compared parameter by parameter.
 */
class RecomputeModeTest {

    @Test
    void aTrainingStepHasTheSameGradientsWithAndWithoutRecomputation() {
        Map<String, float[]> plain = step(false), recomputed = step(true);
        assertEquals(plain.keySet(), recomputed.keySet());
        for (String name : plain.keySet()) {
            float[] a = plain.get(name), b = recomputed.get(name);
            double scale = 1e-6;
            for (float v : a) scale = Math.max(scale, Math.abs(v));
            for (int i = 0; i < a.length; i++) {
                assertTrue(Math.abs(a[i] - b[i]) <= 1e-4 * scale,
                        name + "[" + i + "]: " + a[i] + " plain vs " + b[i] + " recomputed");
            }
        }
    }

    @Test
    void theModeRunsConvAndBatchNormAsOneRecomputingOp() {
        // guards the test above: without this, a mode that silently did nothing would pass it
        ConvBnAct layer = new ConvBnAct(new java.util.Random(1), 2, 4, 8, 1, 1, 1, Act.RELU);
        layer.train(true);
        Tensor x = Tensor.randn(new java.util.Random(2), 1f, 2, 8, 3, 3).requiresGrad(true);
        Branches all = Branches.all(2);
        assertEquals("conv_batch_norm_relu", layer.forward(x, all, ExecutionMode.TRAIN_RECOMPUTE).creator().name());
        assertEquals("batch_norm_relu", layer.forward(x, all, ExecutionMode.TRAIN).creator().name());
    }

    /** Loss, every parameter's gradient and every buffer after one forward + backward. */
    private static Map<String, float[]> step(boolean recompute) {
        TreeSpec spec = TinySpecs.resnet4();
        HneTree tree = TreeBuilder.build(spec, Topology.hne(4), 1).useRecompute(recompute);
        TinySpecs.randomize(tree, 5);
        tree.train(true);
        assertEquals(recompute ? ExecutionMode.TRAIN_RECOMPUTE : ExecutionMode.TRAIN, tree.executionMode());
        Tensor x = TinySpecs.images(spec, 4, 6);
        Tensor loss = HneLoss.compute(LossConfig.of(Objective.HIERARCHICAL_DISTILLATION), tree.forwardAll(x),
                new int[] {0, 1, 2, 3});
        loss.backward();
        Map<String, float[]> out = new LinkedHashMap<>();
        out.put("loss", loss.toArray());
        for (Map.Entry<String, Parameter> e : tree.namedParameters().entrySet()) {
            assertNotNull(e.getValue().grad(), e.getKey() + " got no gradient");
            out.put(e.getKey() + ".grad", e.getValue().grad().toArray());
        }
        tree.stateDict().forEach((name, t) -> out.put(name, t.toArray()));
        return out;
    }
}
