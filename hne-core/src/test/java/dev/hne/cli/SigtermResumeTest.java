package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hne.engine.Tensor;
import dev.hne.engine.io.StateDictFile;
import dev.hne.train.CheckpointPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SIGTERM (what {@link Process#destroy} sends on Linux) to {@code hne train} running as a
 * child process, mid-epoch: it exits with 143 and one line saying where it stopped, leaves
 * mid-epoch.safetensors, and {@code --resume} ends with a last.safetensors whose every tensor
 * (weights, batch-norm statistics, velocities) equals, bit for bit, that of an uninterrupted run.
 * Every run uses one engine thread (-Dhne.threads=1): the engine's sums depend on the thread count.
 */
class SigtermResumeTest {

    /** Two epochs of 20 steps (160 images, batch 8) of a 2-member tree: long enough to be signalled mid-epoch. */
    private static final String[] RUN = {"--arch", "resnet-hne-small", "--levels", "2", "--width-divisor", "8",
            "--dataset", "synthetic", "--train-size", "160", "--test-size", "16", "--epochs", "2", "--batch", "8",
            "--lr", "0.05", "--seed", "3", "--checkpoint-every", "1"};
    private static final long HANG_GUARD_SECONDS = 300;

    @TempDir
    Path dir;

    private static ProcessBuilder hne(Path out, Path log, String... more) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-Xmx512m", "-Dhne.threads=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(CliRun.args("train", RUN, out, more)));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    }

    private static int waitFor(Process p, Path log) throws Exception {
        if (!p.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("hne train hung for " + HANG_GUARD_SECONDS + " s:\n" + Files.readString(log));
        }
        return p.exitValue();
    }

    @Test
    void sigtermMidEpochThenResumeEqualsAnUninterruptedRun() throws Exception {
        Path stopped = dir.resolve("stopped"), straight = dir.resolve("straight");
        Path stoppedLog = dir.resolve("stopped.log"), straightLog = dir.resolve("straight.log");
        Process reference = hne(straight, straightLog).start();   // alongside: the test takes one run less
        Process run = hne(stopped, stoppedLog).start();
        Path mid = stopped.resolve(CheckpointPolicy.MID_EPOCH);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS);
        while (!Files.exists(mid) && run.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);   // --checkpoint-every 1 writes it after the first step: training is under way
        }
        run.destroy();   // SIGTERM
        int code = waitFor(run, stoppedLog);
        String output = Files.readString(stoppedLog);
        assertEquals(143, code, output);
        assertTrue(output.contains("hne train: SIGTERM: stopping after the current step"), output);
        Matcher m = Pattern.compile("hne train: stopped by SIGTERM at epoch (\\d), step (\\d+) of 20: saved "
                + Pattern.quote(mid.toString()) + "; continue with the same command and --resume").matcher(output);
        assertTrue(m.find(), output);
        assertFalse(output.contains("Exception") || output.contains("\tat "), output);
        assertTrue(Files.exists(mid));

        Path resumedLog = dir.resolve("resumed.log");
        assertEquals(0, waitFor(hne(stopped, resumedLog, "--resume").start(), resumedLog), Files.readString(resumedLog));
        assertTrue(Files.readString(resumedLog).contains("resumed " + mid + " at epoch " + m.group(1) + ", step "
                + m.group(2) + " of 20"), Files.readString(resumedLog));
        assertEquals(0, waitFor(reference, straightLog), Files.readString(straightLog));

        Map<String, Tensor> want = read(straight.resolve(CheckpointPolicy.LAST));
        Map<String, Tensor> got = read(stopped.resolve(CheckpointPolicy.LAST));
        assertEquals(want.keySet(), got.keySet());
        assertTrue(want.keySet().stream().anyMatch(k -> k.startsWith("optimizer.velocity.")), "velocities compared");
        want.forEach((k, v) -> assertArrayEquals(v.toArray(), got.get(k).toArray(), "differs: " + k));
        assertFalse(Files.exists(mid), "removed once its epoch was complete");
    }

    private static Map<String, Tensor> read(Path file) throws IOException {
        return StateDictFile.read(file);
    }
}
