package dev.hne.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import dev.hne.engine.io.StateDictFile;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop request that reaches ONE rank of a 2-rank job (under a real {@code mpirun}; skipped, saying
 * so, without Open MPI) stops every rank at the same step, rank 0 saves mid-epoch.safetensors, and a
 * resumed job ends bit for bit where an uninterrupted one ends. Without the ranks agreeing, rank 1
 * would leave and rank 0 would wait forever in the next step's all-reduce (the hang guard of
 * {@link MpiRun} fails the test).
 */
class DistributedStopTest {

    @TempDir
    Path dir;

    private static Map<String, Tensor> read(Path file) throws Exception {
        return StateDictFile.read(file);
    }

    @Test
    void aStopOnOneRankStopsTheJobAtOneStepAndTheResumedJobEqualsAnUninterruptedOne() throws Exception {
        Path straight = dir.resolve("straight"), stopped = dir.resolve("stopped");
        MpiRun reference = MpiRun.of(2, StopProbe.class, straight.toString(), "straight");
        assertEquals(0, reference.code(), reference.output());

        MpiRun stop = MpiRun.of(2, StopProbe.class, stopped.toString(), "stop");
        assertEquals(143, stop.code(), stop.output());
        assertTrue(stop.output().contains("rank 1: stopped by SIGTERM at epoch 2, step 2 of 4: saved "), stop.output());
        assertTrue(stop.output().contains("rank 0: stopped by a stop request on another rank at epoch 2, step 2 of 4: saved "),
                stop.output());
        Checkpoints.Loaded mid = Checkpoints.load(stopped.resolve(CheckpointPolicy.MID_EPOCH));
        assertEquals(1, mid.epoch());
        assertEquals("2", mid.get("mid_epoch_step"));
        assertEquals("16", mid.get("mid_epoch_seen"), "the running sums of both ranks: 2 steps x 2 ranks x 4 images");

        MpiRun resume = MpiRun.of(2, StopProbe.class, stopped.toString(), "resume");
        assertEquals(0, resume.code(), resume.output());
        Map<String, Tensor> want = read(straight.resolve(CheckpointPolicy.LAST));   // rank 0's, with velocities
        Map<String, Tensor> got = read(stopped.resolve(CheckpointPolicy.LAST));
        assertEquals(want.keySet(), got.keySet());
        want.forEach((k, v) -> assertArrayEquals(v.toArray(), got.get(k).toArray(), "last.safetensors: " + k));
        for (int r = 0; r < 2; r++) {
            Map<String, Tensor> wantRank = read(straight.resolve("rank-" + r + ".safetensors"));
            Map<String, Tensor> gotRank = read(stopped.resolve("rank-" + r + ".safetensors"));
            assertEquals(wantRank.keySet(), gotRank.keySet());
            int rank = r;
            wantRank.forEach((k, v) -> {
                // Without --sync-bn each rank's running statistics are its own, and the checkpoint holds rank 0's:
                // after any resume rank 1 continues from rank 0's. Nothing reads them (training normalises
                // with the batch's statistics; rank 0 alone evaluates and writes), so only rank 0's are compared.
                boolean ownStatistics = k.endsWith("running_mean") || k.endsWith("running_var");
                if (rank == 0 || !ownStatistics) {
                    assertArrayEquals(v.toArray(), gotRank.get(k).toArray(), "rank " + rank + ": " + k);
                }
            });
        }
        // the interrupted epoch's train loss: the same sums, added in another order (rank 0 carried the first part)
        double wantLoss = Checkpoints.load(straight.resolve(CheckpointPolicy.LAST)).history().get(1).trainLoss();
        double gotLoss = Checkpoints.load(stopped.resolve(CheckpointPolicy.LAST)).history().get(1).trainLoss();
        assertEquals(wantLoss, gotLoss, 1e-12 * Math.abs(wantLoss));
    }
}
