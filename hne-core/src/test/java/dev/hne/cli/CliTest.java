package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.io.SafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: exit codes, one-line user errors, what the demo prints and writes. */
class CliTest {


    /** A tiny tree: resnet-hne-small cut to 2 levels (N = 2), channels / 8, on 32x32 synthetic data. */
    private static final String[] TINY = {"--arch", "resnet-hne-small", "--levels", "2", "--width-divisor", "8",
            "--dataset", "synthetic", "--train-size", "64", "--test-size", "32", "--batch", "16", "--lr", "0.05"};

    private static String[] train(Path out, String... more) {
        return CliRun.args("train", TINY, out, more);
    }

    @Test
    void demoTrainsPrintsTheAnytimeTableAndWritesTheReport(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("demo", "--epochs", "1", "--train-size", "64", "--test-size", "32", "--batch", "16",
                "--levels", "2", "--width-divisor", "8", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("epoch 1/1: train loss"), r.out());
        assertTrue(r.out().contains("anytime table") && r.out().contains("MMACs  accuracy"), r.out());
        assertTrue(r.err().contains("step 4/4"), r.err());
        assertEquals("synthetic", SafeTensors.read(dir.resolve("last.safetensors")).metadata().get("dataset"));
        assertTrue(Files.exists(dir.resolve("report.md")) && Files.exists(dir.resolve("accuracy-vs-mmacs.png")));
    }

    @Test
    void trainThenEvalReproducesTheLoggedAccuracies(@TempDir Path dir) {
        CliRun r = CliRun.of(train(dir, "--epochs", "1", "--loss", "ihd"));
        assertEquals(0, r.code(), r.err());
        String table = r.out().substring(r.out().indexOf("   n     MMACs"), r.out().indexOf("report: "));
        CliRun e = CliRun.of("eval", "--checkpoint", dir.resolve("last.safetensors").toString(), "--batch", "16");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains(table), "eval:\n" + e.out() + "\ntrain:\n" + table);
    }

    @Test
    void resumeNeedsACheckpointAndTheSameSettings(@TempDir Path dir) {
        CliRun r = CliRun.of(train(dir, "--epochs", "1", "--resume"));
        assertEquals(Main.USER_ERROR, r.code());
        assertEquals("hne train: " + dir.resolve("last.safetensors") + ": no such checkpoint file", r.err().strip());

        assertEquals(0, CliRun.of(train(dir, "--epochs", "1", "--loss", "i")).code());
        r = CliRun.of(train(dir, "--epochs", "2", "--loss", "i"));
        assertEquals(Main.USER_ERROR, r.code());
        assertTrue(r.err().contains("exists: pass --resume"), r.err());

        r = CliRun.of(train(dir, "--epochs", "2", "--loss", "ihd", "--resume"));
        assertEquals(Main.USER_ERROR, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(dir.resolve("last.safetensors") + ": written by a run with loss = i"), r.err());

        r = CliRun.of(train(dir, "--epochs", "2", "--loss", "i", "--resume"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("resumed") && r.out().contains("epoch 2/2: train loss")
                && !r.out().contains("epoch 1/2: train loss"), r.out());
    }

    @Test
    void trainAndEvalRejectBadInputWithOneLine(@TempDir Path dir) throws Exception {
        String[][] cases = {
                {"train", "--dataset", "synthetic", "--device", "tpu"},
                {"train", "--dataset", "synthetic", "--loss", "xyz"},
                {"train", "--dataset", "synthetic", "--arch", "vgg"},
                {"train", "--dataset", "synthetic", "--epochs", "0"},
                {"train", "--dataset", "synthetic", "--schedule", "linear"},
                {"train", "--dataset", "nosuch"},
                {"train", "--dataset", "synthetic", "--levels", "9"},
                {"train"},
                {"eval", "--checkpoint", dir.resolve("none.safetensors").toString()},
        };
        for (String[] c : cases) {
            CliRun r = CliRun.of(c);
            assertEquals(Main.USER_ERROR, r.code(), String.join(" ", c) + " -> " + r.err());
            assertEquals(1, r.err().strip().lines().count(), String.join(" ", c) + " -> " + r.err());
            assertTrue(r.err().startsWith("hne " + c[0] + ": "), r.err());
        }
        assertTrue(CliRun.of(cases[0]).err().contains("unknown --device 'tpu'"));   // --device cuda without a GPU: DevicesTest
        Path bad = dir.resolve("bad.safetensors");
        Files.writeString(bad, "not a checkpoint");
        CliRun r = CliRun.of("eval", "--checkpoint", bad.toString());
        assertEquals(Main.USER_ERROR, r.code());
        assertTrue(r.err().startsWith("hne eval: " + bad), r.err());
    }

    @Test
    void badValuesExitWithTwoAndOneLine() {
        CliRun r = CliRun.of("demo", "--epochs", "0");
        assertEquals(Main.USER_ERROR, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("hne demo: --epochs"), r.err());
    }

    @Test
    void unknownOptionsAndCommandsExitWithTwoAndOneLine() {
        CliRun r = CliRun.of("demo", "--epoch", "3");
        assertEquals(Main.USER_ERROR, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--epoch"), r.err());

        r = CliRun.of("trian");
        assertEquals(Main.USER_ERROR, r.code());
        assertTrue(r.err().startsWith("hne: ") && r.err().contains("trian"), r.err());
    }

    @Test
    void doctorReportsTheVectorApi() {
        CliRun r = CliRun.of("doctor");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("vector api  available"), r.out());
        // every knob, with the value this JVM runs with
        assertTrue(r.out().contains("options     " + dev.hne.engine.RuntimeOptions.current().describe()), r.out());
        assertTrue(r.out().contains("hne.threads=" + dev.hne.engine.backend.cpu.CpuBackend.INSTANCE.threads()), r.out());
    }
}
