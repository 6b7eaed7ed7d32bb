package dev.hne.bench.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of scripts/reproduce.sh on two hand-made run folders (eval.json, summary.json and
 * epochs.csv in the formats ./hne writes), with the expected numbers worked out by hand.
 */
class ReproductionTest {

    private static void fakeRun(Path dir, String extraConfig, double[] acc, double trainAcc) throws IOException {
        Files.createDirectories(dir.resolve("eval-full"));
        Files.writeString(dir.resolve("eval-full/eval.json"), """
                {"%s/last.safetensors": {"test_samples": 10000, "order": "natural", "by_n": [
                  {"n": 1, "mmacs": 0.2, "accuracy": %s, "loss": 1.0, "logit_std": 0.0},
                  {"n": 2, "mmacs": 0.3, "accuracy": %s, "loss": 0.9, "logit_std": 0.5}],
                 "per_model_accuracy": [%s, 0.7]}}
                """.formatted(dir, acc[0], acc[1], acc[0]));
        Files.writeString(dir.resolve("summary.json"), """
                {"tree": {"models": 2}, "config": {"loss": "ihd", "alpha": "0.25", "soft_scale": "t2"%s}}
                """.formatted(extraConfig));
        Files.writeString(dir.resolve("epochs.csv"), """
                epoch,lr,train_loss,train_accuracy,test_accuracy_n1,test_accuracy_full,seconds,images_per_s
                1,0.05,2.0,0.5,0.4,0.4,10.0,30.0
                2,0.02,1.0,%s,0.6,0.6,10.0,50.0
                """.formatted(trainAcc));
    }

    @Test
    void meanAndSampleStdOverSeedsPerN(@TempDir Path dir) throws IOException {
        fakeRun(dir.resolve("ihd-s0"), ", \"topology\": \"independent\"", new double[] {0.80, 0.84}, 0.99);
        fakeRun(dir.resolve("ihd-s1"), ", \"topology\": \"independent\"", new double[] {0.82, 0.88}, 0.97);
        List<RunResult> runs = List.of(RunResult.read(dir.resolve("ihd-s0"), "ihd", 0),
                RunResult.read(dir.resolve("ihd-s1"), "ihd", 1));
        assertEquals("independent, L_I+L_HD (a = 0.25, x T^2)", runs.get(0).label());
        assertEquals(40.0, runs.get(0).imagesPerSecond(), 1e-12);   // (30 + 50) / 2
        assertEquals(0.99, runs.get(0).trainAccuracy(), 0);

        Path out = dir.resolve("report");
        Reproduction.write(out, "fig5", Map.of("ihd", runs));
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        // n = 1: 0.80 and 0.82 -> mean 0.81, std sqrt(2 * 0.01^2 / 1) = 0.014142; n = 2: 0.84, 0.88 -> 0.86, 0.028284
        assertEquals("ihd,\"independent, L_I+L_HD (a = 0.25, x T^2)\",1,0.2000,2,0.8100,0.0141,0.0000,0.0000,0.8100,0.0141",
                summary.get(1));
        assertTrue(summary.get(2).startsWith("ihd,\"independent, L_I+L_HD (a = 0.25, x T^2)\",2,0.3000,2,0.8600,0.0283,0.5000,"),
                summary.get(2));
        String table = Files.readString(out.resolve("table.md"));
        assertTrue(table.contains("| 81.00 ± 1.41 | 86.00 ± 2.83 | 0.500 ± 0.000 | 98.0 ± 1.4 |"), table);
        assertEquals(5, Files.readAllLines(out.resolve("runs.csv")).size());   // header + 2 seeds x 2 n
        // the label's comma is quoted, so every row has the header's 8 fields (RFC 4180)
        for (String row : Files.readAllLines(out.resolve("runs.csv"))) {
            assertEquals(8, row.replaceAll("\"[^\"]*\"", "q").split(",").length, row);
        }
        assertTrue(Files.size(out.resolve("accuracy-and-std-vs-mmacs.png")) > 0);
    }
}
