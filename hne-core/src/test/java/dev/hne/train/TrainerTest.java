package dev.hne.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.anytime.HneStagedModel;
import dev.hne.anytime.LeafOrder;
import dev.hne.datasets.DataLoader;
import dev.hne.datasets.LoaderOptions;
import dev.hne.engine.Tensor;
import dev.hne.loss.Objective;
import dev.hne.report.RunReport;
import dev.hne.tree.HneTree;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer on a tiny tree (resnet-hne-small cut to 2 levels, channels / 8: N = 2 models) and a
 * tiny synthetic set: resume after a "kill" equals an uninterrupted run bit for bit; the reports
 * hold what they promise; a checkpoint evaluates to the numbers logged during training.
 */
class TrainerTest {

    static TrainConfig tiny(Objective objective, int epochs, long seed) {
        return TrainConfig.builder("resnet-hne-small", "synthetic").levels(2).widthDivisor(8).sizes(96, 40)
                .objective(objective).epochs(epochs).batch(16).lr(0.05).milestones().seed(seed).build();
    }

    private static Trainer trainer(TrainConfig c, Path out) {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return new Trainer(c, out, sink, sink);
    }

    @Test
    void resumeAfterKillEqualsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        TrainConfig c = tiny(Objective.HIERARCHICAL_DISTILLATION, 2, 7);
        Map<String, Tensor> straight, straightVelocity;
        List<EpochRecord> straightHistory;
        try (Trainer t = trainer(c, dir.resolve("a")).withReports(false)) {
            straightHistory = t.run();
            straight = t.tree().stateDict();
            straightVelocity = t.optimizer().state();
        }
        try (Trainer t = trainer(c, dir.resolve("b")).withReports(false)) {
            t.run(1);   // "killed" after the first epoch's checkpoint
        }
        try (Trainer t = trainer(c, dir.resolve("b")).withReports(false)) {
            assertEquals(1, t.resume());
            List<EpochRecord> history = t.run();
            assertEquals(2, history.size());
            Map<String, Tensor> resumed = t.tree().stateDict();
            assertEquals(straight.keySet(), resumed.keySet());
            straight.forEach((k, v) -> assertArrayEquals(v.toArray(), resumed.get(k).toArray(), "weights differ: " + k));
            straightVelocity.forEach((k, v) -> assertArrayEquals(v.toArray(), t.optimizer().state().get(k).toArray(),
                    "velocity differs: " + k));
            for (int e = 0; e < 2; e++) {
                assertArrayEquals(straightHistory.get(e).test().accuracy(), history.get(e).test().accuracy());
                assertEquals(straightHistory.get(e).trainLoss(), history.get(e).trainLoss());
            }
        }
    }

    @Test
    void resumeRefusesACheckpointOfAnotherRun(@TempDir Path dir) throws Exception {
        try (Trainer t = trainer(tiny(Objective.INDEPENDENT, 1, 1), dir).withReports(false)) {
            t.run();
        }
        try (Trainer t = trainer(tiny(Objective.HIERARCHICAL_DISTILLATION, 2, 1), dir)) {
            var e = assertThrows(Checkpoints.CheckpointException.class, t::resume);
            assertTrue(e.getMessage().startsWith(dir.resolve(Trainer.LAST).toString()), e.getMessage());
            assertTrue(e.getMessage().contains("loss = i"), e.getMessage());
        }
    }

    @Test
    void reportsHoldEveryEpochAndN(@TempDir Path dir) throws Exception {
        TrainConfig c = tiny(Objective.INDEPENDENT, 2, 3);
        int models;
        try (Trainer t = trainer(c, dir)) {
            t.run();
            models = t.tree().leaves();
        }
        List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals("epoch,n,mmacs,accuracy,loss,logit_std", csv.get(0));
        assertEquals(1 + 2 * models, csv.size());
        int row = 1;
        for (int epoch = 1; epoch <= 2; epoch++) {
            double lastMacs = 0;
            for (int n = 1; n <= models; n++) {
                String[] f = csv.get(row++).split(",");
                assertEquals(epoch, Integer.parseInt(f[0]));
                assertEquals(n, Integer.parseInt(f[1]));
                double macs = Double.parseDouble(f[2]), acc = Double.parseDouble(f[3]), loss = Double.parseDouble(f[4]);
                assertTrue(macs > lastMacs, "MMACs grow with n");
                lastMacs = macs;
                assertTrue(acc >= 0 && acc <= 1, "accuracy in [0, 1]: " + acc);
                assertTrue(loss > 0 && Double.isFinite(loss));
            }
        }
        String summary = Files.readString(dir.resolve("summary.json"));
        assertTrue(summary.contains("\"epochs_done\": 2") && summary.contains("\"by_n\"")
                && summary.contains("\"per_model_accuracy\"") && summary.contains("\"loss\": \"i\""), summary);
        assertTrue(summary.contains("\"runtime\": {") && summary.contains("\"hne.threads\": "
                + dev.hne.engine.RuntimeOptions.current().threads()), summary);   // the knobs the run used
        assertTrue(Files.readString(dir.resolve("report.md")).contains("hne.threads="), "report.md records the knobs");
        for (String f : RunReport.FILES) assertTrue(Files.size(dir.resolve(f)) > 0, f);
        for (String f : RunReport.FILES) {
            if (f.endsWith(".png")) {
                BufferedImage image = ImageIO.read(dir.resolve(f).toFile());
                assertNotNull(image, f + " decodes");
                assertTrue(image.getWidth() >= 600 && image.getHeight() >= 400, f);
            }
        }
        assertTrue(Files.readString(dir.resolve("report.md")).contains("![accuracy vs MMACs](accuracy-vs-mmacs.png)"));
    }

    @Test
    void aCheckpointEvaluatesToTheNumbersLoggedInTraining(@TempDir Path dir) throws Exception {
        TrainConfig c = tiny(Objective.HIERARCHICAL_DISTILLATION, 1, 5);
        EvalResult logged;
        try (Trainer t = trainer(c, dir).withReports(false)) {
            logged = t.run().get(0).test();
        }
        Checkpoints.Loaded loaded = Checkpoints.load(dir.resolve(Trainer.LAST));
        HneTree tree = loaded.buildTree();
        RunData data = RunData.open("synthetic", null, 5, 96, 40);
        try (DataLoader loader = new DataLoader(data.test(), data.evalTransform(), LoaderOptions.of(16).withShuffle(false))) {
            EvalResult again = AnytimeEvaluator.evaluate(tree, new HneStagedModel(tree, LeafOrder.NATURAL), loader, "natural");
            assertArrayEquals(logged.accuracy(), again.accuracy());
            assertArrayEquals(logged.loss(), again.loss(), 1e-9);
            assertArrayEquals(logged.perModelAccuracy(), again.perModelAccuracy());
            assertArrayEquals(logged.mmacs(), again.mmacs());
        }
        assertEquals(1, loaded.epoch());
        assertEquals(1, loaded.history().size());
    }

    @Test
    void historyLinesRoundTrip() {
        EvalResult r = new EvalResult(10, "natural", new double[] {1.5, 2.25}, new double[] {0.1, 0.3},
                new double[] {2.0, 1.0}, new double[] {0, 0.5}, new double[] {0.1, 0.2});
        EpochRecord e = new EpochRecord(3, 0.05, 1.25, 0.5, 12.5, 99.0, r);
        EpochRecord back = EpochRecord.decode(e.encode());
        assertEquals(e.encode(), back.encode());
    }
}
