package dev.hne.train;

import dev.hne.ann.ExitWeighting;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import dev.hne.loss.Objective;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping in the middle of an epoch (item 7 of issue 16) and --checkpoint-every: a run stopped
 * after step k through {@link StopRequest} (what the SIGTERM handler calls) saves
 * mid-epoch.safetensors, and --resume continues at step k + 1 and ends bit for bit where an
 * uninterrupted run ends: weights, batch-norm statistics, velocities, AdaLoss averages, the train
 * loss of the interrupted epoch. The tiny tree and data of {@link TrainerTest}: 96 images, batch 16,
 * 6 steps per epoch.
 */
class MidEpochResumeTest {

    private static final int STEPS = 6;

    private static Trainer trainer(TrainConfig c, Path out) {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return new Trainer(c, out, sink, sink).withReports(false);
    }

    /** The end state of a run: every tensor of its model and optimizer, and its history. */
    private record End(Map<String, Tensor> model, Map<String, Tensor> velocity, List<EpochRecord> history) {
        static End of(Trainer t) {
            return new End(t.model().module().stateDict(), t.optimizer().state(), t.history());
        }

        static End of(Checkpoints.Loaded c) {
            return new End(c.model(), c.velocity(), c.history());
        }

        void assertSameAs(End other) {
            assertEquals(model.keySet(), other.model.keySet());
            model.forEach((k, v) -> assertArrayEquals(v.toArray(), other.model.get(k).toArray(), "differs: " + k));
            assertEquals(velocity.keySet(), other.velocity.keySet());
            velocity.forEach((k, v) -> assertArrayEquals(v.toArray(), other.velocity.get(k).toArray(),
                    "velocity differs: " + k));
            assertEquals(history.size(), other.history.size());
            for (int e = 0; e < history.size(); e++) {
                assertEquals(history.get(e).trainLoss(), other.history.get(e).trainLoss(), 0.0, "train loss, epoch " + e);
                assertEquals(history.get(e).trainAccuracy(), other.history.get(e).trainAccuracy(), 0.0);
                assertArrayEquals(history.get(e).test().accuracy(), other.history.get(e).test().accuracy(), 0.0);
            }
        }
    }

    private static End straight(TrainConfig c, Path out) throws Exception {
        try (Trainer t = trainer(c, out)) {
            t.run();
            return End.of(t);
        }
    }

    /** Runs (after a resume when there is a checkpoint) until a stop is requested after step {@code k} of {@code epoch}. */
    private static TrainingStopped stopAt(TrainConfig c, Path out, int epoch, int k, boolean resume) throws java.io.IOException {
        StopRequest stop = new StopRequest();
        try (Trainer t = trainer(c, out).withStopRequest(stop)
                .withStepListener((e, done) -> {
                    if (e == epoch && done == k) stop.request("SIGTERM", 143);
                })) {
            if (resume) t.resume();
            return assertThrows(TrainingStopped.class, t::run);
        }
    }

    @Test
    void aRunStoppedMidEpochAndResumedEqualsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        TrainConfig c = TrainerTest.tiny(Objective.HIERARCHICAL_DISTILLATION, 2, 7);
        End want = straight(c, dir.resolve("straight"));
        Path out = dir.resolve("stopped");

        TrainingStopped first = stopAt(c, out, 0, 2, false);   // in the first epoch: no last.safetensors yet
        assertEquals(143, first.exitCode());
        assertEquals("stopped by SIGTERM at epoch 1, step 2 of " + STEPS + ": saved " + out.resolve("mid-epoch.safetensors")
                + "; continue with the same command and --resume", first.getMessage());
        assertFalse(Files.exists(out.resolve(Trainer.LAST)));
        Checkpoints.Loaded saved = Checkpoints.load(out.resolve(CheckpointPolicy.MID_EPOCH));
        assertEquals("2", saved.get("mid_epoch_step"));
        assertEquals(0, saved.epoch());

        TrainingStopped second = stopAt(c, out, 1, 4, true);    // resumed at step 3 of epoch 1, stopped in epoch 2
        assertTrue(second.getMessage().contains("at epoch 2, step 4 of " + STEPS), second.getMessage());
        assertTrue(Files.exists(out.resolve(Trainer.LAST)), "epoch 1 completed and wrote last.safetensors");

        try (Trainer t = trainer(c, out)) {
            assertEquals(1, t.resume());
            assertEquals(out.resolve(CheckpointPolicy.MID_EPOCH) + " at epoch 2, step 4 of " + STEPS, t.resumePoint());
            t.run();
            End.of(t).assertSameAs(want);
        }
        assertFalse(Files.exists(out.resolve(CheckpointPolicy.MID_EPOCH)), "removed once its epoch was complete");
        want.assertSameAs(End.of(Checkpoints.load(out.resolve(Trainer.LAST))));
    }

    @Test
    void anAnytimeNetworkStoppedMidEpochResumesWithItsExitWeightsState(@TempDir Path dir) throws Exception {
        // oscillating exit weights draw a new exit every step: their step count must be saved mid-epoch
        TrainConfig c = TrainConfig.builder("ann-resnet-small", "synthetic").levels(3).widthDivisor(8).sizes(96, 40)
                .objective(Objective.INDEPENDENT).epochs(1).batch(16).lr(0.05).milestones().seed(3)
                .annWeights(ExitWeighting.Kind.OSCILLATING).build();
        End want = straight(c, dir.resolve("straight"));
        Path out = dir.resolve("stopped");
        stopAt(c, out, 0, 3, false);
        try (Trainer t = trainer(c, out)) {
            t.resume();
            t.run();
            End.of(t).assertSameAs(want);
        }
    }

    @Test
    void aStopBeforeAnyStepOfAnEpochSavesNothingNew(@TempDir Path dir) throws Exception {
        TrainConfig c = TrainerTest.tiny(Objective.INDEPENDENT, 2, 1);
        StopRequest stop = new StopRequest();
        stop.request("SIGINT", 130);
        try (Trainer t = trainer(c, dir).withStopRequest(stop)) {
            TrainingStopped e = assertThrows(TrainingStopped.class, t::run);
            assertEquals("stopped by SIGINT before the first step: nothing was trained or saved", e.getMessage());
            assertEquals(130, e.exitCode());
        }
        assertTrue(Files.notExists(dir.resolve(Trainer.LAST)) && Files.notExists(dir.resolve(CheckpointPolicy.MID_EPOCH)));
        try (Trainer t = trainer(c, dir)) {
            t.run(1);
        }
        try (Trainer t = trainer(c, dir).withStopRequest(stop)) {
            t.resume();
            TrainingStopped e = assertThrows(TrainingStopped.class, t::run);
            assertEquals("stopped by SIGINT after epoch 1: " + dir.resolve(Trainer.LAST) + " holds it; continue with the"
                    + " same command and --resume", e.getMessage());
        }
        assertTrue(Files.notExists(dir.resolve(CheckpointPolicy.MID_EPOCH)), "the state is last.safetensors already");
    }

    @Test
    void aStopAfterTheLastStepKeepsTheTrainedStepsAndResumesToEvaluation(@TempDir Path dir) throws Exception {
        TrainConfig c = TrainerTest.tiny(Objective.INDEPENDENT, 1, 2);
        End want = straight(c, dir.resolve("straight"));
        Path out = dir.resolve("stopped");
        stopAt(c, out, 0, STEPS, false);   // every step done, the evaluation and last.safetensors not yet
        assertEquals("" + STEPS, Checkpoints.load(out.resolve(CheckpointPolicy.MID_EPOCH)).get("mid_epoch_step"));
        try (Trainer t = trainer(c, out)) {
            t.resume();
            t.run();
            End.of(t).assertSameAs(want);
        }
    }

    @Test
    void checkpointEveryWritesMidEpochFilesAKilledRunResumesFrom(@TempDir Path dir) throws Exception {
        TrainConfig c = TrainerTest.tiny(Objective.INDEPENDENT_HIERARCHICAL, 2, 4);
        End want = straight(c, dir.resolve("straight"));
        Path out = dir.resolve("killed");
        RuntimeException kill = new RuntimeException("killed");
        try (Trainer t = trainer(c, out).withCheckpoints(new CheckpointPolicy(out, 0, 2))
                .withStepListener((e, done) -> {
                    if (e == 1 && done == 5) throw kill;   // a SIGKILL after step 5: the last mid-epoch file is step 4's
                })) {
            assertThrows(RuntimeException.class, t::run);
        }
        assertEquals("4", Checkpoints.load(out.resolve(CheckpointPolicy.MID_EPOCH)).get("mid_epoch_step"));
        try (Trainer t = trainer(c, out)) {
            assertEquals(1, t.resume());
            t.run();
            End.of(t).assertSameAs(want);
        }
    }

    @Test
    void aMidEpochFileOlderThanLastIsIgnored(@TempDir Path dir) throws Exception {
        TrainConfig c = TrainerTest.tiny(Objective.INDEPENDENT, 2, 5);
        Path out = dir.resolve("run");
        Path old = dir.resolve("old-mid-epoch.safetensors");
        try (Trainer t = trainer(c, out).withCheckpoints(new CheckpointPolicy(out, 0, 3))
                .withStepListener((e, done) -> {
                    Path mid = out.resolve(CheckpointPolicy.MID_EPOCH);
                    if (e == 0 && done == 4 && Files.exists(mid)) {
                        try {
                            Files.copy(mid, old);   // epoch 1, step 3
                        } catch (java.io.IOException x) {
                            throw new java.io.UncheckedIOException(x);
                        }
                    }
                })) {
            t.run();
        }
        // as if killed between writing last.safetensors and removing the mid-epoch file
        Files.copy(old, out.resolve(CheckpointPolicy.MID_EPOCH), StandardCopyOption.REPLACE_EXISTING);
        try (Trainer t = trainer(c, out)) {
            assertEquals(2, t.resume());
            assertEquals(out.resolve(Trainer.LAST) + " after epoch 2", t.resumePoint());
        }
    }

    @Test
    void aMidEpochCheckpointOfAnotherEpochLengthIsRefused(@TempDir Path dir) throws Exception {
        TrainConfig c = TrainerTest.tiny(Objective.INDEPENDENT, 1, 1);
        Path out = dir.resolve("run");
        stopAt(c, out, 0, 2, false);
        Path mid = out.resolve(CheckpointPolicy.MID_EPOCH);
        Checkpoints.Loaded saved = Checkpoints.load(mid);
        Map<String, String> meta = new java.util.LinkedHashMap<>(saved.metadata());
        meta.put("mid_epoch_steps", "7");
        Map<String, Tensor> tensors = new java.util.LinkedHashMap<>(saved.model());
        saved.velocity().forEach((k, v) -> tensors.put(Checkpoints.VELOCITY_PREFIX + k, v));
        dev.hne.engine.io.StateDictFile.save(mid, tensors, meta);
        try (Trainer t = trainer(c, out)) {
            var e = assertThrows(Checkpoints.CheckpointException.class, t::resume);
            assertEquals(mid + ": saved at epoch 1, step 2 of 7, but this run's epochs have " + STEPS
                    + " steps (resume with the same data and settings)", e.getMessage());
        }
    }
}
