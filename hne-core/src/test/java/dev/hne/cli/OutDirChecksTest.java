package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An --out that cannot take the run is refused before training, and an I/O failure during the run
 * names the operation and the path. (Tests run as root here, so "read-only" is a file in the way,
 * which no permission bit can wave through.)
 */
class OutDirChecksTest {

    @Test
    void anOutFolderThatCannotBeCreatedIsRefusedBeforeTraining(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "in the way");
        Path out = file.resolve("run");
        CliRun r = CliRun.of(TrainOptionsTest.train(out, "--epochs", "1"));
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line, and no training progress before it: " + r.err());
        assertTrue(r.err().startsWith("hne train: cannot create the --out folder " + out + ": "), r.err());
        assertFalse(r.out().contains("epoch 1/1"), r.out());
    }

    @Test
    void aReportFileThatCannotBeWrittenIsNamedWithTheOperation(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("summary.json").resolve("in-the-way"));
        CliRun r = CliRun.of(TrainOptionsTest.train(dir, "--epochs", "1"));
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.startsWith("hne train: cannot write " + dir.resolve("summary.json") + ": "), r.err());
    }
}
