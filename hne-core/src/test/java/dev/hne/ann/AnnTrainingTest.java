package dev.hne.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.anytime.LeafOrder;
import dev.hne.datasets.DataLoader;
import dev.hne.datasets.LoaderOptions;
import dev.hne.engine.Tensor;
import dev.hne.loss.Objective;
import dev.hne.train.Checkpoints;
import dev.hne.train.EpochRecord;
import dev.hne.train.EvalResult;
import dev.hne.train.RunData;
import dev.hne.train.TrainConfig;
import dev.hne.train.TrainableModel;
import dev.hne.train.Trainer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ann-resnet-small cut to 3 stages, channels / 8, through the ordinary trainer on a tiny synthetic
 * set: resume after a "kill" is bit-exact (weights, velocities, AdaLoss averages, history), the
 * report has one row per exit, and the checkpoint evaluates to the logged numbers.
 */
class AnnTrainingTest {

    static TrainConfig tiny(String weights, int epochs, long seed) {
        return TrainConfig.builder("ann-resnet-small", "synthetic").levels(3).widthDivisor(8).sizes(96, 40)
                .objective(Objective.INDEPENDENT).epochs(epochs).batch(16).lr(0.05).milestones().seed(seed)
                .annWeights(ExitWeighting.Kind.parse(weights)).build();
    }

    private static Trainer trainer(TrainConfig c, Path out) {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return new Trainer(c, out, sink, sink);
    }

    private static double[] averages(Trainer t) {
        return ((AdaLoss) ((AnnModel) t.model()).weighting()).averages();
    }

    @Test
    void adaLossResumeAfterKillEqualsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        TrainConfig c = tiny("adaloss", 2, 7);
        Map<String, Tensor> straight, straightVelocity;
        List<EpochRecord> straightHistory;
        double[] straightAverages;
        try (Trainer t = trainer(c, dir.resolve("a")).withReports(false)) {
            straightHistory = t.run();
            straight = t.model().module().stateDict();
            straightVelocity = t.optimizer().state();
            straightAverages = averages(t);
        }
        try (Trainer t = trainer(c, dir.resolve("b")).withReports(false)) {
            t.run(1);   // "killed" after the first epoch's checkpoint
        }
        try (Trainer t = trainer(c, dir.resolve("b")).withReports(false)) {
            assertEquals(1, t.resume());
            List<EpochRecord> history = t.run();
            Map<String, Tensor> resumed = t.model().module().stateDict();
            assertEquals(straight.keySet(), resumed.keySet());
            straight.forEach((k, v) -> assertArrayEquals(v.toArray(), resumed.get(k).toArray(), "weights differ: " + k));
            straightVelocity.forEach((k, v) -> assertArrayEquals(v.toArray(), t.optimizer().state().get(k).toArray(),
                    "velocity differs: " + k));
            assertArrayEquals(straightAverages, averages(t), 0.0, "AdaLoss running averages");
            for (int e = 0; e < 2; e++) {
                assertArrayEquals(straightHistory.get(e).test().accuracy(), history.get(e).test().accuracy());
                assertEquals(straightHistory.get(e).trainLoss(), history.get(e).trainLoss());
            }
        }
        assertTrue(straight.keySet().containsAll(List.of("exits.0.weight", "exits.1.bias", "trunk.classifier.0.weight")),
                straight.keySet().toString());
    }

    @Test
    void resumeRefusesAnotherWeighting(@TempDir Path dir) throws Exception {
        try (Trainer t = trainer(tiny("constant", 1, 1), dir).withReports(false)) {
            t.run();
        }
        try (Trainer t = trainer(tiny("adaloss", 2, 1), dir)) {
            var e = assertThrows(Checkpoints.CheckpointException.class, t::resume);
            assertTrue(e.getMessage().contains("= constant, but this run has adaloss"), e.getMessage());
        }
    }

    @Test
    void reportHasOneRowPerExitAndTheCheckpointEvaluatesToIt(@TempDir Path dir) throws Exception {
        TrainConfig c = tiny("constant", 1, 5);
        EvalResult logged;
        try (Trainer t = trainer(c, dir)) {
            logged = t.run().get(0).test();
        }
        List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals("epoch,n,mmacs,accuracy,loss,logit_std", csv.get(0));
        assertEquals(1 + 3, csv.size(), "one row per exit");
        assertEquals("exits", logged.order());
        double last = 0;
        for (double m : logged.mmacs()) {
            assertTrue(m > last, "MMACs grow with the exit");
            last = m;
        }
        assertTrue(Files.readString(dir.resolve("summary.json")).contains("\"exits\": 3"));
        Checkpoints.Loaded loaded = Checkpoints.load(dir.resolve(Trainer.LAST));
        TrainableModel model = loaded.buildModel();
        assertInstanceOf(AnnModel.class, model);
        assertEquals("constant weights", loaded.objectiveLabel());
        RunData data = RunData.open("synthetic", null, 5, 96, 40);
        try (DataLoader loader = new DataLoader(data.test(), data.evalTransform(), LoaderOptions.of(16).withShuffle(false))) {
            EvalResult again = model.evaluate(loader, LeafOrder.NATURAL);
            assertArrayEquals(logged.accuracy(), again.accuracy());
            assertArrayEquals(logged.loss(), again.loss(), 1e-9);
            assertArrayEquals(logged.mmacs(), again.mmacs());
        }
    }
}
