package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint options of {@code ./hne train} (docs/training.md §2): --keep-last and
 * --checkpoint-every take no negative numbers, and a folder with a stopped run's
 * mid-epoch.safetensors is not overwritten without --resume. All refused before any training.
 */
class CheckpointOptionsTest {

    @Test
    void negativeCountsAreRefusedInOneLine(@TempDir Path dir) {
        for (String option : new String[] {"--keep-last", "--checkpoint-every"}) {
            Path out = dir.resolve("run");
            CliRun r = CliRun.of(TrainOptionsTest.train(out, option, "-1"));
            assertEquals(Main.USER_ERROR, r.code(), option + " -> " + r.err());
            assertEquals("hne train: " + option + " must be >= 0, got -1", r.err().strip());
            assertFalse(Files.exists(out), option + ": nothing written");
        }
    }

    @Test
    void withAHeldOutSplitTheRunSaysWhichEpochBestHolds(@TempDir Path dir) {
        CliRun r = CliRun.of(TrainOptionsTest.train(dir, "--epochs", "1", "--holdout", "8", "--keep-last", "1"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("  held-out accuracy (n = 2, 8 images): "), r.out());
        assertTrue(r.out().contains("best epoch on the held-out split: 1, saved as " + dir.resolve("best.safetensors")),
                r.out());   // the first epoch is the best so far by definition
        assertTrue(Files.exists(dir.resolve("best.safetensors")) && Files.exists(dir.resolve("epoch-0001.safetensors")));
    }

    @Test
    void aStoppedRunIsNotOverwrittenWithoutResume(@TempDir Path dir) throws Exception {
        Path mid = dir.resolve("mid-epoch.safetensors");
        Files.writeString(mid, "a stopped run's checkpoint");
        CliRun r = CliRun.of(TrainOptionsTest.train(dir, "--epochs", "1"));
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertEquals("hne train: " + mid + " exists: pass --resume to continue that run, or choose another --out",
                r.err().strip());
        assertEquals("a stopped run's checkpoint", Files.readString(mid));
        assertTrue(r.out().isEmpty(), r.out());
    }
}
