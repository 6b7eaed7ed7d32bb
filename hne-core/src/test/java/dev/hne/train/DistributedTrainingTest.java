package dev.hne.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hne.cli.DistributedCliProbe;
import dev.hne.cli.DistributedProbe;
import dev.hne.cli.Main;
import dev.hne.engine.Tensor;
import dev.hne.engine.io.SafeTensors;
import dev.hne.engine.io.StateDictFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel training under a real {@code mpirun} (skipped, saying so, without Open MPI): several
 * processes of {@link DistributedProbe} train the same tiny HNE through the real Trainer, and their
 * weights are compared with each other and with single-process references computed here.
 */
class DistributedTrainingTest {

    @TempDir
    Path dir;

    private static boolean isParameter(String name) {
        return !name.endsWith("running_mean") && !name.endsWith("running_var");
    }

    private MpiRun probe(int ranks, TrainConfig c, boolean syncBn, String fail) throws Exception {
        return MpiRun.of(ranks, DistributedProbe.class, dir.toString(), "" + c.data().trainSize(), "" + c.optim().batch(),
                "" + c.optim().epochs(), "" + syncBn, fail, c.isAnn() ? "ann" : "hne");
    }

    private Map<String, Tensor> rank(int r) throws Exception {
        return StateDictFile.read(dir.resolve("rank-" + r + ".safetensors"));
    }

    @Test
    void twoRanksStayBitIdenticalAndEqualTheAverageOfTheirShardGradients() throws Exception {
        TrainConfig c = DistributedProbe.config(32, 8, 2);   // shards of 16, local batch 4: 4 steps x 2 epochs
        MpiRun run = probe(2, c, false, "none");
        assertEquals(0, run.code(), run.output());
        Map<String, Tensor> r0 = rank(0), r1 = rank(1);
        Map<String, Tensor> reference = ShardAveragingReference.train(c, 2, dir.resolve("reference"));
        Map<String, Tensor> initial;
        try (Trainer t = new Trainer(c, dir.resolve("init"), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()))) {
            initial = t.model().module().stateDict();
        }
        int compared = 0;
        for (String name : reference.keySet()) {
            if (!isParameter(name)) continue;
            float[] want = reference.get(name).toArray();
            assertArrayEquals(r0.get(name).toArray(), r1.get(name).toArray(), 0f, name + ": ranks differ");
            assertArrayEquals(want, r0.get(name).toArray(), 0f, name + ": not the shard-averaged update");
            compared++;
        }
        assertTrue(compared > 10, "compared only " + compared + " parameters");
        assertFalse(java.util.Arrays.equals(initial.get("blocks.0.0.conv.weight").toArray(),
                r0.get("blocks.0.0.conv.weight").toArray()), "training did not move the weights");

        // rank 0 alone wrote the checkpoint, and it records the world size
        Path last = dir.resolve(Trainer.LAST);
        assertEquals("2", SafeTensors.read(last).metadata().get(DataParallel.WORLD_SIZE));
        try (Trainer single = new Trainer(c, dir, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))) {
            Checkpoints.CheckpointException e = org.junit.jupiter.api.Assertions.assertThrows(
                    Checkpoints.CheckpointException.class, single::resume);
            assertTrue(e.getMessage().contains("job of 2 processes, but this one has 1"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    /**
     * AdaLoss weights each exit by the inverse of its running average loss. If each rank fed its own
     * AdaLoss with its local losses, the ranks would still apply one averaged gradient (so they would
     * agree with each other), but that gradient would mix two different objectives: it would differ
     * from the reference, whose one AdaLoss sees the global batch's exit losses.
     */
    @Test
    void anytimeNetworkWithAdaLossEqualsOneProcessWhoseWeightsSeeTheGlobalBatch() throws Exception {
        TrainConfig c = DistributedProbe.annConfig(32, 8, 1);   // shards of 16, local batch 4: 4 steps
        MpiRun run = probe(2, c, false, "none");
        assertEquals(0, run.code(), run.output());
        ShardAveragingReference.Result reference = ShardAveragingReference.run(c, 2, dir.resolve("reference"));
        Map<String, Tensor> r0 = rank(0), r1 = rank(1);
        int compared = 0;
        for (String name : reference.state().keySet()) {
            if (!isParameter(name)) continue;
            assertArrayEquals(r0.get(name).toArray(), r1.get(name).toArray(), 0f, name + ": ranks differ");
            assertArrayEquals(reference.state().get(name).toArray(), r0.get(name).toArray(), 0f,
                    name + ": not the update of one process with global-batch AdaLoss weights");
            compared++;
        }
        assertTrue(compared > 10, "compared only " + compared + " parameters");
        // the running losses, which the next steps' weights (and a resumed run) start from
        String want = java.util.Arrays.stream(reference.adaLossAverages()).mapToObj(Double::toString)
                .collect(java.util.stream.Collectors.joining(" "));
        for (int r = 0; r < 2; r++) {
            assertEquals(want, SafeTensors.read(dir.resolve("rank-" + r + ".safetensors")).metadata()
                    .get("adaloss_running_loss"), "rank " + r + "'s AdaLoss averages");
        }
    }

    @Test
    void syncBatchNormGivesTheRunningStatisticsOfTheFullBatch() throws Exception {
        TrainConfig c = DistributedProbe.config(32, 16, 1);   // 2 steps of 2 x 8 images
        MpiRun run = probe(2, c, true, "none");
        assertEquals(0, run.code(), run.output());
        Map<String, Tensor> r0 = rank(0), r1 = rank(1);
        Map<String, Tensor> full;
        try (Trainer t = new Trainer(c, dir.resolve("full"), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()))) {
            t.withReports(false).run();   // one process, batches of 16: the union of the two ranks' batches
            full = t.model().module().stateDict();
        }
        int compared = 0;
        for (String name : full.keySet()) {
            if (isParameter(name)) continue;
            float[] want = full.get(name).toArray(), got0 = r0.get(name).toArray();
            assertArrayEquals(got0, r1.get(name).toArray(), 0f, name + ": ranks' statistics differ");
            for (int k = 0; k < want.length; k++) {
                double tolerance = 1e-6 * Math.max(1, Math.abs(want[k]));
                if (Math.abs(want[k] - got0[k]) > tolerance) {
                    fail(name + "[" + k + "]: full batch " + want[k] + ", synchronised " + got0[k]);
                }
            }
            compared++;
        }
        assertTrue(compared >= 4, "compared only " + compared + " statistics");
    }

    @Test
    void threeRanksAgreeWithEachOtherAndWithTheReferenceWithinRounding() throws Exception {
        TrainConfig c = DistributedProbe.config(36, 6, 1);   // shards of 12, local batch 2: 6 steps
        MpiRun run = probe(3, c, false, "none");
        assertEquals(0, run.code(), run.output());
        Map<String, Tensor> reference = ShardAveragingReference.train(c, 3, dir.resolve("reference"));
        Map<String, Tensor> r0 = rank(0);
        for (int r = 1; r < 3; r++) {
            Map<String, Tensor> other = rank(r);
            for (String name : reference.keySet()) {
                if (isParameter(name)) {
                    assertArrayEquals(r0.get(name).toArray(), other.get(name).toArray(), 0f, name + ": rank " + r);
                }
            }
        }
        for (String name : reference.keySet()) {
            if (!isParameter(name)) continue;
            float[] want = reference.get(name).toArray(), got = r0.get(name).toArray();
            for (int k = 0; k < want.length; k++) {
                // three-way sums may associate differently: (a + b) + c against a + (b + c)
                assertEquals(want[k], got[k], 1e-5 * Math.max(1, Math.abs(want[k])), name + "[" + k + "]");
            }
        }
    }

    /** {@code ./hne train} of the tiny HNE: {@code --out} is {@code dir/rank-{rank}} (one folder per rank). */
    private static List<String> cliTrain(Path out) {
        return List.of("train", "--dataset", "synthetic", "--arch", "resnet-hne-small", "--levels", "2",
                "--width-divisor", "8", "--train-size", "32", "--test-size", "8", "--batch", "8", "--epochs", "1",
                "--out", out.toString());
    }

    @Test
    void onlyRankZeroWritesAndAnotherWorldSizeCannotResume() throws Exception {
        List<String> args = new ArrayList<>(cliTrain(dir.resolve("rank-{rank}")));
        args.add("--distributed");
        MpiRun run = MpiRun.of(2, DistributedCliProbe.class, args.toArray(String[]::new));
        assertEquals(0, run.code(), run.output());

        Path zero = dir.resolve("rank-0");
        for (String file : List.of(Trainer.LAST, "report.md", "metrics.csv", "summary.json")) {
            assertTrue(Files.exists(zero.resolve(file)), "rank 0 did not write " + file + ":\n" + run.output());
        }
        // rank 1 had its own --out: it must not even have created it (no probe file, no checkpoint, no report)
        assertFalse(Files.exists(dir.resolve("rank-1")), "rank 1 touched its --out folder:\n" + run.output());
        assertEquals(1, run.output().lines().filter(l -> l.contains("data-parallel: 2 ranks")).count(),
                "the header is rank 0's alone:\n" + run.output());

        // the same run as one process, resumed from the 2-rank checkpoint: refused in one line, exit 2
        List<String> resume = new ArrayList<>(cliTrain(zero));
        resume.add("--resume");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), resume.toArray(String[]::new));
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("written by a job of 2 processes, but this one has 1"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void aRankThatThrowsAbortsTheJobWithItsOneLine() throws Exception {
        MpiRun run = probe(2, DistributedProbe.config(32, 8, 1), false, "throw");
        assertEquals(1, run.code(), run.output());   // an internal error: MPI_Abort(1) ends every rank
        assertTrue(run.output().contains("hne train: rank 1 of 2: internal error"), run.output());
        assertFalse(Files.exists(dir.resolve("rank-0.safetensors")), "rank 0 went on training alone");
    }

    @Test
    void aKilledRankEndsTheJobWithAnError() throws Exception {
        MpiRun run = probe(2, DistributedProbe.config(32, 8, 1), false, "kill");
        assertNotEquals(0, run.code(), run.output());
        assertFalse(Files.exists(dir.resolve("rank-0.safetensors")), "rank 0 went on training alone");
    }
}
