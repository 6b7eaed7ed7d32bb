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
        Map<String, float[]> plain = step(Plan.PLAIN).values;
        for (Plan plan : new Plan[] {Plan.ALL, Plan.SOME}) {
            Map<String, float[]> checkpointed = step(plan).values;
            assertEquals(plain.keySet(), checkpointed.keySet());
            for (String name : plain.keySet()) {
                assertArrayEquals(plain.get(name), checkpointed.get(name), name + ": plain vs " + plan);
            }
        }
    }

    @Test
    void theModeCheckpointsEveryLayerAndKeepsLessForBackward() {
        // guards the test above: a mode that silently did nothing would pass it
        Step plain = step(Plan.PLAIN), all = step(Plan.ALL), some = step(Plan.SOME);
        assertTrue(all.saved.keySet().stream().allMatch(k -> k.startsWith("checkpoint(")),
                "only layer checkpoints keep tensors: " + all.saved.keySet());
        assertTrue(all.saved.keySet().stream().anyMatch(k -> k.contains("checkpoint(Bottleneck)")),
                "the ResNet layers are checkpoints: " + all.saved.keySet());
        assertTrue(all.savedFloats * 2 < plain.savedFloats, "checkpointed " + all.savedFloats
                + " floats saved, plain " + plain.savedFloats);
        assertTrue(all.savedFloats < some.savedFloats && some.savedFloats < plain.savedFloats,
                "some layers checkpointed keep between: " + all.savedFloats + " < " + some.savedFloats + " < "
                        + plain.savedFloats);
    }

    @Test
    void autoMeasuresWhatPlansKeepWithoutMovingTheRunningStatistics() {
        HneTree tree = tree(Plan.SOME);
        Map<String, float[]> before = new LinkedHashMap<>();
        tree.stateDict().forEach((name, t) -> before.put(name, t.toArray()));
        TrainingMemory plan = tree.trainingMemory(4);
        tree.stateDict().forEach((name, t) -> assertArrayEquals(before.get(name), t.toArray(), name + " moved"));
        assertEquals(step(Plan.PLAIN).savedFloats * Float.BYTES, plan.plainBytes(),
                "the two-image measurement, scaled to 4 images, is what a plain 4-image step keeps");
        assertEquals(step(Plan.SOME).savedFloats * Float.BYTES, plan.keptBytes(), "and what the plan's step keeps");
        assertTrue(plan.keptBytes() <= plan.heapBytes() / 2, plan.describe());
        assertEquals(plan.plainBytes() * 1000, tree.trainingMemory(4000).plainBytes());
    }

    @Test
    void autoCheckpointsTheFewestLeadingLayersThatFitInHalfTheHeap() {
        java.util.function.IntToLongFunction kept = k -> 100 - 10L * k;   // bytes per image, k of 10 layers
        assertEquals(0, TrainingMemory.decide(kept, 10, 1, 200).checkpointedLayers());
        TrainingMemory some = TrainingMemory.decide(kept, 10, 1, 100);   // 100 - 10k <= 50: k = 5
        assertEquals(5, some.checkpointedLayers());
        assertEquals(50, some.keptBytes());
        assertEquals(10, TrainingMemory.decide(kept, 10, 1, 10).checkpointedLayers(), "nothing fits: all of them");
        assertEquals(7, TrainingMemory.decide(kept, 10, 2, 120).checkpointedLayers(), "2 x (100 - 10k) <= 60");
        assertEquals("checkpointing the first 9 of 21 layers (all activations would take 5074 MiB, more than half of "
                + "the 7282 MiB heap; kept: 3600 MiB)", TrainingMemory.decide(
                        k -> k < 9 ? 5074L << 20 : 3600L << 20, 21, 1, 7282L << 20).describe());
        assertEquals("keeping every activation (all activations would take 5074 MiB, at most half of the 10923 MiB "
                + "heap)", TrainingMemory.decide(k -> 5074L << 20, 21, 1, 10923L << 20).describe());
    }

    @Test
    void autoKeepsEverythingWhenBatchNormsShareStatisticsAcrossRanks() {
        HneTree tree = TreeBuilder.build(TinySpecs.resnet4(), Topology.hne(4), 1)
                .useRecompute(dev.hne.engine.Recompute.AUTO).planForHeap(1);   // nothing would fit
        tree.train(true);
        joinBatchNorms(tree, new dev.hne.engine.dist.SingleProcess());   // as DataParallel does for --sync-bn
        TrainingMemory plan = tree.trainingMemory(4);
        assertEquals(0, plan.checkpointedLayers(), plan.describe());
        assertTrue(plan.describe().contains("--sync-bn"), plan.describe());
    }

    private static void joinBatchNorms(dev.hne.engine.nn.Module m, dev.hne.engine.dist.Communicator group) {
        if (m instanceof dev.hne.engine.nn.BatchNorm2d bn) bn.synchronizeStatistics(group);
        m.children().values().forEach(c -> joinBatchNorms(c, group));
    }

    /** Checkpoint no layer, all, or (auto, planned for a heap between the two) some leading ones. */
    private enum Plan { PLAIN, ALL, SOME }

    private static HneTree tree(Plan plan) {
        TreeSpec spec = TinySpecs.resnet4();
        HneTree tree = TreeBuilder.build(spec, Topology.hne(4), 1);
        TinySpecs.randomize(tree, 5);
        tree.train(true);
        if (plan != Plan.SOME) {
            return tree.useRecompute(plan == Plan.ALL);
        }
        tree.useRecompute(dev.hne.engine.Recompute.AUTO);
        long plain = tree.planForHeap(Long.MAX_VALUE / 4).trainingMemory(4).plainBytes();   // everything fits
        long all = tree.planForHeap(1).trainingMemory(4).keptBytes();                       // nothing does
        tree.planForHeap(plain + all);   // half of it lies between the two
        TrainingMemory chosen = tree.trainingMemory(4);
        assertTrue(chosen.checkpointedLayers() > 0 && chosen.checkpointedLayers() < chosen.layers(), chosen.describe());
        return tree;
    }

    private record Step(Map<String, float[]> values, Map<String, SavedMemory.Group> saved, long savedFloats) {
    }

    /** Loss, every parameter's gradient and every buffer after one forward + backward, and what backward kept. */
    private static Step step(Plan plan) {
        HneTree tree = tree(plan);
        assertEquals(plan == Plan.PLAIN ? ExecutionMode.TRAIN : ExecutionMode.TRAIN_RECOMPUTE, tree.executionMode(4));
        TreeSpec spec = tree.spec();
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
