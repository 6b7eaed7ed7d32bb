package dev.hne.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.anytime.HneStagedModel;
import dev.hne.anytime.LeafOrder;
import dev.hne.datasets.DataLoader;
import dev.hne.datasets.LoaderOptions;
import dev.hne.engine.Tensor;
import dev.hne.loss.Objective;
import dev.hne.tree.HneTree;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * best.safetensors is the epoch whose full ensemble was most accurate on the HELD-OUT split
 * (--holdout), never the test split, and summary.json says which epoch and what it scored.
 * The expectation is recomputed here from the epoch files --keep-last leaves, by evaluating each
 * one on the held-out split with {@link Evaluator}.
 *
 * <p>Why 27 held-out and 40 test images: an accuracy on 27 images is k/27, on 40 it is j/40, and
 * the two are equal only at 0 and 1. So a best chosen (or scored) on the test split cannot pass for
 * the held-out one by coincidence.
 */
class BestOnHoldoutTest {

    private static TrainConfig config(int holdout, int epochs) {
        return TrainConfig.builder("resnet-hne-small", "synthetic").levels(2).widthDivisor(8).sizes(96, 40)
                .holdout(holdout).objective(Objective.INDEPENDENT).epochs(epochs).batch(16).lr(0.2).milestones().seed(11)
                .build();
    }

    private static Trainer trainer(TrainConfig c, Path out, int keepLast) {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return new Trainer(c, out, sink, sink).withCheckpoints(new CheckpointPolicy(out, keepLast, 0));
    }

    private static double holdoutAccuracy(Path checkpoint, RunData data) {
        try (DataLoader loader = new DataLoader(data.holdout(), data.evalTransform(),
                LoaderOptions.of(16).withShuffle(false))) {
            HneTree tree = Checkpoints.load(checkpoint).buildTree();
            return AnytimeEvaluator.evaluate(tree, new HneStagedModel(tree, LeafOrder.NATURAL), loader, "natural").fullAccuracy();
        }
    }

    @Test
    void bestIsTheEpochMostAccurateOnTheHeldOutSplit(@TempDir Path out) throws Exception {
        int epochs = 3;
        TrainConfig c = config(27, epochs);
        int best;
        try (Trainer t = trainer(c, out, epochs)) {
            t.run();
            best = t.bestEpoch();
        }
        RunData data = RunData.open("synthetic", null, 11, 96, 40, 27);
        int want = 0;
        double wantAccuracy = -1;
        for (int e = 1; e <= epochs; e++) {
            double a = holdoutAccuracy(out.resolve(String.format("epoch-%04d.safetensors", e)), data);
            if (a > wantAccuracy) {   // ties keep the earlier epoch
                want = e;
                wantAccuracy = a;
            }
        }
        assertEquals(want, best);
        Map<String, Tensor> bestFile = Checkpoints.load(out.resolve(CheckpointPolicy.BEST)).model();
        Map<String, Tensor> epochFile = Checkpoints.load(out.resolve(String.format("epoch-%04d.safetensors", want))).model();
        bestFile.forEach((k, v) -> assertArrayEquals(epochFile.get(k).toArray(), v.toArray(), k));

        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"best_epoch\": " + want + ","), summary);
        assertTrue(summary.contains("\"name\": \"holdout_accuracy\""), summary);
        Matcher m = Pattern.compile("\"value\": ([0-9.eE+-]+)").matcher(summary);
        assertTrue(m.find(), summary);
        assertEquals(wantAccuracy, Double.parseDouble(m.group(1)), 1e-5, "the held-out accuracy of the best epoch");
        // and the last checkpoint remembers it, so a resumed run keeps comparing against it
        assertEquals("" + want, Checkpoints.load(out.resolve(CheckpointPolicy.LAST)).get("best_epoch"));
    }

    @Test
    void withoutAHeldOutSplitNoBestIsChosen(@TempDir Path out) throws Exception {
        try (Trainer t = trainer(config(0, 1), out, 0)) {
            t.run();
            assertEquals(0, t.bestEpoch());
        }
        assertFalse(Files.exists(out.resolve(CheckpointPolicy.BEST)));
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"best_epoch\": null"), summary);
        assertTrue(summary.contains("no held-out split"), summary);
    }
}
