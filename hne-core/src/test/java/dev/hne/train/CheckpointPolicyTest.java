package dev.hne.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which files a run keeps ({@link CheckpointPolicy}), with a stand-in writer whose "checkpoint"
 * is the text "epoch N": --keep-last K leaves the K most recent epoch files and never touches
 * best or last; best is a copy of the epoch that was best; the mid-epoch file goes once its epoch
 * is complete; --checkpoint-every is due at multiples of STEPS inside an epoch, never at its end.
 */
class CheckpointPolicyTest {

    @TempDir
    Path out;

    private CheckpointPolicy.Writer epoch(int n) {
        return file -> Files.writeString(file, "epoch " + n);
    }

    private List<String> files() throws Exception {
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void keepLastKeepsTheKMostRecentEpochFilesAndNeverBestOrLast() throws Exception {
        CheckpointPolicy p = new CheckpointPolicy(out, 2, 0);
        p.afterEpoch(1, true, epoch(1));    // the best epoch is the first one ...
        p.afterEpoch(2, false, epoch(2));
        p.afterEpoch(3, false, epoch(3));
        p.afterEpoch(4, false, epoch(4));   // ... and its epoch file is long gone
        assertEquals(List.of("best.safetensors", "epoch-0003.safetensors", "epoch-0004.safetensors", "last.safetensors"),
                files());
        assertEquals("epoch 1", Files.readString(p.best()));
        assertEquals("epoch 4", Files.readString(p.last()));
        assertEquals("epoch 3", Files.readString(p.epochFile(3)));
    }

    @Test
    void withoutKeepLastThereAreNoEpochFilesAndBestFollowsTheBestEpoch() throws Exception {
        CheckpointPolicy p = CheckpointPolicy.defaults(out);
        p.afterEpoch(1, true, epoch(1));
        p.afterEpoch(2, true, epoch(2));
        p.afterEpoch(3, false, epoch(3));
        assertEquals(List.of("best.safetensors", "last.safetensors"), files());
        assertEquals("epoch 2", Files.readString(p.best()));
    }

    @Test
    void theMidEpochFileGoesOnceItsEpochIsComplete() throws Exception {
        CheckpointPolicy p = new CheckpointPolicy(out, 0, 5);
        p.saveMidEpoch(file -> Files.writeString(file, "epoch 1, step 5"));
        assertEquals("epoch 1, step 5", Files.readString(p.midEpoch()));
        p.afterEpoch(1, false, epoch(1));
        assertEquals(List.of("last.safetensors"), files());
    }

    @Test
    void checkpointEveryIsDueAtMultiplesOfStepsInsideTheEpoch() {
        CheckpointPolicy p = new CheckpointPolicy(out, 0, 4);
        for (int step = 0; step <= 12; step++) {
            assertEquals(step == 4 || step == 8, p.midEpochDue(step, 12), "step " + step + " of 12");
        }
        assertTrue(p.midEpochDue(4, 5));
        for (int step = 0; step <= 12; step++) {
            assertFalse(CheckpointPolicy.defaults(out).midEpochDue(step, 12));
        }
    }

    @Test
    void theFreeSpaceCheckCountsEveryFileKept() {
        // last + the temp file of its next write + mid-epoch, + best with a held-out split, + K epoch files
        assertEquals(3, CheckpointPolicy.defaults(out).filesAtMost(false));
        assertEquals(4 + 5, new CheckpointPolicy(out, 5, 100).filesAtMost(true));
        assertThrows(IllegalArgumentException.class, () -> new CheckpointPolicy(out, -1, 0));
    }
}
