package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.io.Checkpoint;
import dev.hne.engine.io.SafeTensors;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./hne train --alpha --soft-scale}: bad values are one-line user errors; the loss definition
 * is recorded in the checkpoint; a checkpoint without it (written before issue 15) still evaluates
 * and refuses to be resumed under the new definition.
 */
class LossOptionsTest {

    /** resnet-hne-small cut to 2 levels (N = 2), channels / 8, on 32x32 synthetic data. */
    private static String[] train(Path out, String... more) {
        String[] tree = {"--arch", "resnet-hne-small", "--levels", "2", "--width-divisor", "8", "--dataset", "synthetic",
                "--train-size", "32", "--test-size", "16", "--batch", "16", "--lr", "0.05"};
        return CliRun.args("train", tree, out, more);
    }

    private static void assertOneLineError(CliRun r, String start) {
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith(start), r.err());
    }

    @Test
    void alphaOutsideZeroOneIsAUserError(@TempDir Path dir) {
        for (String bad : new String[] {"1.5", "-0.1", "NaN"}) {
            CliRun r = CliRun.of(train(dir, "--alpha", bad, "--epochs", "1"));
            assertOneLineError(r, "hne train: --alpha must be in [0");   // [0, 1] or [0.0, 1.0]: OptionChecks formats the bounds
            assertTrue(r.err().contains(bad), r.err());
        }
    }

    @Test
    void unknownSoftScaleIsAUserError(@TempDir Path dir) {
        assertOneLineError(CliRun.of(train(dir, "--soft-scale", "t3", "--epochs", "1")), "hne train: --soft-scale: unknown soft scale 't3'");
    }

    @Test
    void theCheckpointRecordsTheLossDefinitionAndOldOnesKeepTheirs(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of(train(dir, "--loss", "ihd", "--alpha", "0.25", "--soft-scale", "t2", "--epochs", "1"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("LI+LHD = 0.75 L_I + 0.25 L_HD (T = 2, soft scale t2)"), r.out());
        Path last = dir.resolve("last.safetensors");
        Checkpoint c = SafeTensors.read(last);
        assertEquals("hne-loss/2", c.metadata().get("loss_definition"));
        assertEquals("t2", c.metadata().get("soft_scale"));
        assertEquals("0.25", c.metadata().get("alpha"));

        // the same checkpoint as a run before issue 15 wrote it: no definition keys
        Map<String, String> old = new LinkedHashMap<>(c.metadata());
        old.remove("loss_definition");
        old.remove("soft_scale");
        SafeTensors.write(last, c.tensors(), old);
        CliRun eval = CliRun.of("eval", "--checkpoint", last.toString());
        assertEquals(0, eval.code(), eval.err());
        CliRun resume = CliRun.of(train(dir, "--loss", "ihd", "--alpha", "0.25", "--soft-scale", "t2", "--epochs", "2",
                "--resume"));
        assertOneLineError(resume, "hne train: " + last + ": written by a run with loss_definition = hne-loss/1");
        assertFalse(resume.out().contains("epoch 2/2"), resume.out());
    }
}
