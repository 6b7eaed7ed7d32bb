package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.io.Checkpoint;
import dev.hne.engine.io.SafeTensors;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI contract of DESIGN.md section 6 for every subcommand: {@code --help} exits 0, a user
 * error is one line on stderr with exit 2 and no stack trace, and the hint after it names a
 * command that itself works.
 */
class CliContractTest {

    @Test
    void everySubcommandAnswersHelpWithExitZero() {
        for (String name : new CommandLine(new Main()).getSubcommands().keySet()) {
            CliRun r = CliRun.of(name, "--help");
            assertEquals(0, r.code(), name + " --help -> " + r.err());
            assertFalse(r.out().isBlank(), name + " --help prints its usage");
        }
    }

    @Test
    void theHintAfterABadOptionNamesACommandThatWorks() {
        for (String name : new CommandLine(new Main()).getSubcommands().keySet()) {
            if (name.equals("help")) continue;   // picocli's help takes any word
            CliRun r = CliRun.of(name, "--no-such-option");
            assertEquals(Main.USER_ERROR, r.code(), name + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            Matcher hint = Pattern.compile("see \\./hne (\\S+) --help").matcher(r.err());
            assertTrue(hint.find(), r.err());
            assertEquals(0, CliRun.of(hint.group(1), "--help").code(), "the hint's command works: " + r.err());
        }
    }

    @Test
    void badNumbersAreOneLineUserErrors() {
        String[][] cases = {
                {"bench", "--resolution", "-4"},
                {"bench", "--resolution", "0"},
                {"flops", "--arch", "resnet-hne", "--resolution", "-4"},
        };
        for (String[] c : cases) {
            CliRun r = CliRun.of(c);
            assertEquals(Main.USER_ERROR, r.code(), String.join(" ", c) + " -> " + r.err());
            assertEquals(1, r.err().strip().lines().count(), String.join(" ", c) + " -> " + r.err());
            assertTrue(r.err().contains("--resolution"), r.err());
        }
    }

    @Test
    void brokenCheckpointMetadataIsAOneLineUserError(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        CliRun t = CliRun.of("train", "--arch", "resnet-hne-small", "--levels", "2", "--width-divisor", "8",
                "--dataset", "synthetic", "--train-size", "32", "--test-size", "16", "--batch", "16", "--epochs", "1",
                "--out", out.toString());
        assertEquals(0, t.code(), t.err());
        Checkpoint good = SafeTensors.read(out.resolve("last.safetensors"));
        Map<String, String[]> edits = new LinkedHashMap<>();
        edits.put("epoch", new String[] {"1x", "epoch"});
        edits.put("seed", new String[] {null, "seed"});
        edits.put("resolution", new String[] {"32.5", "resolution"});
        edits.put("levels", new String[] {"two", "levels"});
        for (var edit : edits.entrySet()) {
            Map<String, String> meta = new LinkedHashMap<>(good.metadata());
            if (edit.getValue()[0] == null) meta.remove(edit.getKey());
            else meta.put(edit.getKey(), edit.getValue()[0]);
            Path bad = dir.resolve("bad-" + edit.getKey() + ".safetensors");
            SafeTensors.write(bad, good.tensors(), meta);
            {
                String[] args = {"eval", "--checkpoint", bad.toString()};
                CliRun r = CliRun.of(args);
                assertEquals(Main.USER_ERROR, r.code(), edit.getKey() + ": " + r.err());
                assertEquals(1, r.err().strip().lines().count(), edit.getKey() + ": " + r.err());
                assertTrue(r.err().contains(bad.toString()) && r.err().contains(edit.getValue()[1]),
                        edit.getKey() + ": " + r.err());
            }
        }
    }

    @Test
    void resumeFromBrokenMetadataIsAOneLineUserError(@TempDir Path dir) throws Exception {
        String[] train = {"train", "--arch", "resnet-hne-small", "--levels", "2", "--width-divisor", "8",
                "--dataset", "synthetic", "--train-size", "32", "--test-size", "16", "--batch", "16", "--epochs", "2",
                "--out", dir.toString()};
        assertEquals(0, CliRun.of(train).code());
        Path last = dir.resolve("last.safetensors");
        Checkpoint good = SafeTensors.read(last);
        Map<String, String> meta = new LinkedHashMap<>(good.metadata());
        meta.put("epoch", "1x");
        SafeTensors.write(last, good.tensors(), meta);
        String[] resume = java.util.Arrays.copyOf(train, train.length + 1);
        resume[train.length] = "--resume";
        CliRun r = CliRun.of(resume);
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(last + ": metadata 'epoch' is not a number: 1x"), r.err());
    }
}
