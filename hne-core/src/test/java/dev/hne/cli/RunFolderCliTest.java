package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.train.OutDirLock;
import dev.hne.train.RunLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run does with its --out folder: one run at a time (the lock), a resume after a kill between
 * the last checkpoint and the report brings the report up to date and clears the temp files of
 * interrupted writes, and every run keeps train.log.
 */
class RunFolderCliTest {

    private static final List<String> REPORT_TEXT = List.of("summary.json", "epochs.csv", "metrics.csv", "report.md");

    @Test
    void aSecondRunOnALockedOutIsOneLineNamingTheHoldersPid(@TempDir Path dir) {
        try (OutDirLock held = OutDirLock.acquire(dir)) {   // a run in progress (here: this JVM)
            CliRun r = CliRun.of(TrainOptionsTest.train(dir, "--epochs", "1"));
            assertEquals(Main.USER_ERROR, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("hne train: --out " + dir + " is in use by another run, PID "
                    + ProcessHandle.current().pid() + " "), r.err());
            assertFalse(Files.exists(dir.resolve("last.safetensors")));
            assertFalse(Files.exists(dir.resolve(RunLog.FILE)), "the second run must not write the first one's log");
        }
        assertEquals(0, CliRun.of(TrainOptionsTest.train(dir, "--epochs", "1")).code(), "free again once released");
    }

    @Test
    void resumeAfterAKillBeforeTheLastReportRepairsItAndRemovesTempFiles(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, CliRun.of(TrainOptionsTest.train(run, "--epochs", "1")).code());
        Map<String, String> afterOne = read(run);
        assertEquals(0, CliRun.of(TrainOptionsTest.train(run, "--epochs", "2", "--resume")).code());
        Map<String, String> afterTwo = read(run);
        assertTrue(afterTwo.get("summary.json").contains("\"epochs_done\": 2"), afterTwo.get("summary.json"));

        // the kill: epoch 2's checkpoint is on disk, its report is not, and three writes were cut short
        afterOne.forEach((name, text) -> write(run.resolve(name), text));
        List<Path> temps = List.of(run.resolve(".last.safetensors.5f3a9c.tmp"),
                run.resolve(".summary.json.4242-1a2b.tmp"), run.resolve(".per-model.png.4242-3c4d.tmp.png"));
        temps.forEach(t -> write(t, "half a file"));

        CliRun r = CliRun.of(TrainOptionsTest.train(run, "--epochs", "2", "--resume"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("resumed " + run.resolve("last.safetensors") + " after epoch 2 of 2"), r.out());
        assertEquals(afterTwo, read(run), "the report of the uninterrupted run");
        for (Path t : temps) {
            assertFalse(Files.exists(t), t + " left behind");
            assertTrue(r.out().contains("removed " + t), r.out());
        }
    }

    @Test
    void everyRunAppendsWhatItPrintedAndWhyItStoppedToTrainLog(@TempDir Path dir) throws IOException {
        CliRun first = CliRun.of(TrainOptionsTest.train(dir, "--epochs", "1", "--seed", "3"));
        assertEquals(0, first.code(), first.err());
        CliRun refused = CliRun.of(TrainOptionsTest.train(dir, "--epochs", "1", "--seed", "3"));
        assertEquals(Main.USER_ERROR, refused.code());
        List<String> log = Files.readAllLines(dir.resolve(RunLog.FILE));
        long pid = ProcessHandle.current().pid();
        assertTrue(log.get(0).startsWith("--- ") && log.get(0).endsWith(", PID " + pid + ": hne "
                + String.join(" ", TrainOptionsTest.train(dir, "--epochs", "1", "--seed", "3"))), log.get(0));
        for (String line : first.out().strip().lines().toList()) {
            assertTrue(log.contains(line), "stdout line missing from train.log: " + line);
        }
        // progress: 32 images in batches of 16 = 2 steps, a line each, on stderr and in the log
        assertTrue(first.err().contains("epoch 1/1  step 2/2") && first.err().contains(" eta "), first.err());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("  epoch 1/1  step 2/2") && l.contains(" eta ")), log.toString());
        assertTrue(log.get(log.size() - 2).startsWith("--- "), "the second run's start line: " + log);
        assertEquals("stopped: " + dir.resolve("last.safetensors")
                + " exists: pass --resume to continue that run, or choose another --out", log.get(log.size() - 1));
    }

    private static Map<String, String> read(Path run) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (String name : REPORT_TEXT) m.put(name, Files.readString(run.resolve(name)));
        return m;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
