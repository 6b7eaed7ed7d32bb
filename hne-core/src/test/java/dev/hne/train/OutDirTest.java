package dev.hne.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The free-space rule, with the free space passed in (a full disk cannot be made in a unit test). */
class OutDirTest {

    @Test
    void tooLittleSpaceForTwoCheckpointsIsRefusedNamingTheFolderAndTheSizes() {
        Path dir = Path.of("/runs/x");
        long checkpoint = 50_000_000;   // 2 checkpoints + 4 MiB of report = 104,194,304 bytes
        OutDir.checkSpace(dir, checkpoint, 2, 104_194_304L);   // exactly enough: no exception
        var e = assertThrows(UncheckedIOException.class, () -> OutDir.checkSpace(dir, checkpoint, 2, 104_194_303L));
        assertTrue(e.getMessage().startsWith("--out /runs/x: only 104.2 MB free, but the run needs about 104.2 MB"),
                e.getMessage());
        e = assertThrows(UncheckedIOException.class, () -> OutDir.checkSpace(dir, checkpoint, 2, 1_000_000L));
        assertTrue(e.getMessage().contains("only 1.0 MB free") && e.getMessage().contains("2 checkpoints of 50.0 MB"),
                e.getMessage());
    }
}
