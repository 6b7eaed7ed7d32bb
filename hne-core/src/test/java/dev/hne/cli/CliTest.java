package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.io.SafeTensors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: exit codes, one-line user errors, what the demo prints and writes. */
class CliTest {

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void demoTrainsPrintsProgressAndSavesWeights(@TempDir Path dir) throws Exception {
        Result r = run("demo", "--epochs", "1", "--train-size", "256", "--test-size", "64", "--batch", "32",
                "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("step   8/8  loss"), r.out());
        assertTrue(r.out().contains("epoch 1/1: train loss") && r.out().contains("test accuracy"), r.out());
        Path weights = dir.resolve("model.safetensors");
        assertTrue(Files.exists(weights));
        assertEquals("synthetic", SafeTensors.read(weights).metadata().get("dataset"));
    }

    @Test
    void badValuesExitWithTwoAndOneLine() {
        Result r = run("demo", "--epochs", "0");
        assertEquals(Main.USER_ERROR, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("hne demo: --epochs"), r.err());
    }

    @Test
    void unknownOptionsAndCommandsExitWithTwoAndOneLine() {
        Result r = run("demo", "--epoch", "3");
        assertEquals(Main.USER_ERROR, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--epoch"), r.err());

        r = run("trian");
        assertEquals(Main.USER_ERROR, r.code());
        assertTrue(r.err().startsWith("hne: ") && r.err().contains("trian"), r.err());
    }

    @Test
    void doctorReportsTheVectorApi() {
        Result r = run("doctor");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("vector api  available"), r.out());
    }
}
