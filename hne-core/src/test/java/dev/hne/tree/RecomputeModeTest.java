package dev.hne.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.SavedMemory;
import dev.hne.engine.nn.Parameter;
import dev.hne.loss.HneLoss;
import dev.hne.loss.LossConfig;
import dev.hne.loss.Objective;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The memory mode (TRAIN_RECOMPUTE: -Dhne.recompute=true or HneTree.useRecompute), where every
 * layer of a level is a Checkpoint, trains the same model bit for bit: one training step of a
 * ResNet HNE gives the same loss, gradients and running statistics (moved once, not twice) as the
 * plain ops, and it keeps less for backward.
 */
class RecomputeModeTest {

    @Test
    void aTrainingStepHasBitIdenticalLossGradientsAndStatisticsWithAndWithoutCheckpoints() {
        Map<String, float[]> plain = step(false).values, recomputed = step(true).values;
        assertEquals(plain.keySet(), recomputed.keySet());
        for (String name : plain.keySet()) {
            assertArrayEquals(plain.get(name), recomputed.get(name), name + ": plain vs checkpointed");
        }
    }

    @Test
    void theModeCheckpointsEveryLayerAndKeepsLessForBackward() {
        // guards the test above: a mode that silently did nothing would pass it
        Step plain = step(false), recomputed = step(true);
        assertTrue(recomputed.saved.keySet().stream().allMatch(k -> k.startsWith("checkpoint(")
                        || k.equals("gather_groups") || k.startsWith("linear") || k.contains("pool")),
                "only layer checkpoints (and the classifier) keep tensors: " + recomputed.saved.keySet());
        assertTrue(recomputed.saved.keySet().stream().anyMatch(k -> k.contains("checkpoint(Bottleneck)")),
                "the ResNet layers are checkpoints: " + recomputed.saved.keySet());
        assertTrue(recomputed.savedFloats * 2 < plain.savedFloats, "checkpointed " + recomputed.savedFloats
                + " floats saved, plain " + plain.savedFloats);
    }

    @Test
    void autoMeasuresWhatKeepingEverythingHoldsWithoutMovingTheRunningStatistics() {
        TreeSpec spec = TinySpecs.resnet4();
        HneTree tree = TreeBuilder.build(spec, Topology.hne(4), 1).useRecompute(dev.hne.engine.Recompute.AUTO);
        TinySpecs.randomize(tree, 5);
        tree.train(true);
        Map<String, float[]> before = new LinkedHashMap<>();
        tree.stateDict().forEach((name, t) -> before.put(name, t.toArray()));
        TrainingMemory plan = tree.trainingMemory(4);
        tree.stateDict().forEach((name, t) -> assertArrayEquals(before.get(name), t.toArray(), name + " moved"));
        assertEquals(step(false).savedFloats * Float.BYTES, plan.plainBytes(),
                "the two-image measurement, scaled to 4 images, is what a plain 4-image step keeps");
        assertEquals(plan.plainBytes() > plan.heapBytes() / 2, plan.checkpoints());
        assertEquals(plan.plainBytes() * 1000, tree.trainingMemory(4000).plainBytes());
    }

    @Test
    void autoKeepsEverythingUpToHalfTheHeapAndCheckpointsBeyond() {
        assertFalse(TrainingMemory.decide(512L << 20, 1024L << 20).checkpoints());
        assertTrue(TrainingMemory.decide((512L << 20) + 1, 1024L << 20).checkpoints());
        assertEquals("checkpointing every layer (all activations would take 5074 MiB, more than half of the "
                + "4096 MiB heap)", TrainingMemory.decide(5074L << 20, 4096L << 20).describe());
    }

    private record Step(Map<String, float[]> values, Map<String, SavedMemory.Group> saved, long savedFloats) {
    }

    /** Loss, every parameter's gradient and every buffer after one forward + backward, and what backward kept. */
    private static Step step(boolean recompute) {
        TreeSpec spec = TinySpecs.resnet4();
        HneTree tree = TreeBuilder.build(spec, Topology.hne(4), 1).useRecompute(recompute);
        TinySpecs.randomize(tree, 5);
        tree.train(true);
        assertEquals(recompute ? ExecutionMode.TRAIN_RECOMPUTE : ExecutionMode.TRAIN, tree.executionMode(4));
        Tensor x = TinySpecs.images(spec, 4, 6);
        Tensor loss = HneLoss.compute(LossConfig.of(Objective.HIERARCHICAL_DISTILLATION), tree.forwardAll(x),
                new int[] {0, 1, 2, 3});
        Map<String, SavedMemory.Group> saved = SavedMemory.byOp(loss);
        long floats = saved.values().stream().mapToLong(SavedMemory.Group::floats).sum();
        loss.backward();
        Map<String, float[]> out = new LinkedHashMap<>();
        out.put("loss", loss.toArray());
        for (Map.Entry<String, Parameter> e : tree.namedParameters().entrySet()) {
            assertNotNull(e.getValue().grad(), e.getKey() + " got no gradient");
            out.put(e.getKey() + ".grad", e.getValue().grad().toArray());
        }
        tree.stateDict().forEach((name, t) -> out.put(name, t.toArray()));
        return new Step(out, saved, floats);
    }
}
