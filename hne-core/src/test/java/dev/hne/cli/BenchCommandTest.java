package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./hne bench: user errors exit 2 with one line; a tiny run prints one row per n and writes the report. */
class BenchCommandTest {

    @Test
    void rejectsAnUnknownArchitectureAndAnNBeyondTheMembers() {
        CliRun a = CliRun.of("bench", "--arch", "vgg");
        assertEquals(2, a.code());
        assertTrue(a.err().contains("unknown architecture 'vgg'"), a.err());
        CliRun b = CliRun.of("bench", "--arch", "resnet-hne-small", "--batch", "1", "--n", "17", "--iterations", "1");
        assertEquals(2, b.code());
        assertTrue(b.err().contains("n must be in 1..16, got 17"), b.err());
        assertEquals(1, b.err().strip().lines().count(), b.err());
        CliRun c = CliRun.of("bench", "--arch", "resnet-hne-small", "--device", "tpu");
        assertEquals(2, c.code());
        assertTrue(c.err().contains("unknown --device 'tpu'"), c.err());
        assertEquals(1, c.err().strip().lines().count(), c.err());
    }

    @Test
    void timesEachRequestedNAndWritesMarkdownAndPlot(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("bench", "--arch", "resnet-hne-small", "--batch", "1", "--n", "1,3", "--iterations", "1",
                "--warmup", "0", "--threads", "3", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        // --threads takes effect even though the default CPU backend's pool exists already
        assertTrue(r.out().contains("3 engine threads"), r.out());
        assertTrue(r.out().contains("### resnet-hne-small, batch 1"), r.out());
        long rows = r.out().lines().filter(l -> l.startsWith("| 1 |") || l.startsWith("| 3 |")).count();
        assertEquals(2, rows, r.out());
        assertFalse(r.out().contains("\r"), "no carriage returns in a redirected stdout: " + r.out());
        assertTrue(r.err().contains("resnet-hne-small batch 1: 2 of 2 points timed (n = 3: "), r.err());
        assertTrue(Files.readString(dir.resolve("bench.md")).contains("### resnet-hne-small, batch 1"));
        assertTrue(Files.size(dir.resolve("latency-vs-n-resnet-hne-small-b1.png")) > 1000);
    }
}
