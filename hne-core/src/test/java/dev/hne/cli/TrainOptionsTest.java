package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every numeric option of train/eval/demo is checked before any work; a diverging run stops at once. */
class TrainOptionsTest {

    static final String[] TINY = {"--arch", "resnet-hne-small", "--levels", "2", "--width-divisor", "8",
            "--dataset", "synthetic", "--train-size", "32", "--test-size", "16", "--batch", "16"};

    static String[] train(Path out, String... more) {
        return CliRun.args("train", TINY, out, more);
    }

    @Test
    void nonFiniteAndOutOfRangeNumbersAreRefusedBeforeTraining(@TempDir Path dir) {
        String[][] bad = {
                {"--lr", "NaN"}, {"--lr", "Infinity"}, {"--lr", "0"},
                {"--temperature", "Infinity"}, {"--temperature", "NaN"},
                {"--warmup", "NaN"}, {"--warmup", "-1"},
                {"--momentum", "5"}, {"--momentum", "1"}, {"--momentum", "NaN"},
                {"--weight-decay", "Infinity"}, {"--alpha", "1.5"}, {"--alpha", "NaN"},
                {"--gamma", "NaN"}, {"--gamma", "0"},
                {"--schedule", "multistep", "--milestones", "5,3"},
                {"--holdout", "-1"}, {"--workers", "-2"},
        };
        for (String[] option : bad) {
            Path out = dir.resolve("run");
            CliRun r = CliRun.of(train(out, option));
            String what = String.join(" ", option);
            assertEquals(Main.USER_ERROR, r.code(), what + " -> " + r.err());
            assertEquals(1, r.err().strip().lines().count(), what + " -> " + r.err());
            assertTrue(r.err().startsWith("hne train: " + option[option.length - 2]), what + " -> " + r.err());
            assertFalse(Files.exists(out), what + ": nothing written");
        }
        CliRun r = CliRun.of("eval", "--checkpoint", dir.resolve("x.safetensors").toString(), "--policy", "threshold",
                "--budget", "NaN");
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().startsWith("hne eval: --budget"), r.err());
        r = CliRun.of("demo", "--lr", "Infinity", "--out", dir.resolve("demo").toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().startsWith("hne demo: --lr"), r.err());
    }

    @Test
    void aDivergingRunStopsAtTheFirstNonFiniteLossNamingEpochAndStep(@TempDir Path dir) {
        CliRun r = CliRun.of(train(dir, "--epochs", "3", "--lr", "1e30"));
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.matches("hne train: training diverged: .* at epoch 1, step \\d+ of 2 .*"), r.err());
        assertTrue(last.contains("no checkpoint was written"), last);
        assertFalse(Files.exists(dir.resolve("last.safetensors")), "no checkpoint of NaN weights");
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void aStepThatDoesNotFitSaysWhatHeapItHadAndWhatToChange() {
        assertEquals("out of memory at --batch 128 with a 2731 MiB heap (the log's 'memory:' line says how the step "
                + "keeps its activations): give the JVM more, e.g. HNE_JAVA_OPTS=-Xmx4g, or lower --batch; --resume "
                + "continues from the last checkpoint", TrainCommand.outOfMemory(2731L << 20, 128));
        assertTrue(TrainCommand.outOfMemory(6L << 30, 256).contains("HNE_JAVA_OPTS=-Xmx12g"), "twice the heap it had");
    }
}
