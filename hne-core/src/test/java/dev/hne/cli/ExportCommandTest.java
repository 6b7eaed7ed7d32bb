package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./hne export} on a checkpoint trained here: it writes a model ONNX Runtime loads, with the
 * declared batch dimension, and refuses bad options with exit 2 and one line naming the option.
 * (That the graph computes our logits is OnnxExportTest's job.)
 */
class ExportCommandTest {

    private static Path checkpoint;

    @BeforeAll
    static void train(@TempDir Path dir) {
        CliRun r = CliRun.of("train", "--arch", "resnet-hne-small", "--levels", "3", "--width-divisor", "8",
                "--dataset", "synthetic", "--train-size", "32", "--test-size", "16", "--batch", "16", "--epochs", "1",
                "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        checkpoint = dir.resolve("last.safetensors");
    }

    @Test
    void writesAModelOnnxRuntimeLoads(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sub/m.onnx");
        CliRun r = CliRun.of("export", "--checkpoint", checkpoint.toString(), "--n", "3", "--order", "diverse",
                "--batch", "4", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("leaves [0, 2, 1]"), r.out());
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(out.toString(), new OrtSession.SessionOptions())) {
            long[] shape = ((ai.onnxruntime.TensorInfo) s.getInputInfo().get("images").getInfo()).getShape();
            assertEquals(4, shape[0]);
            assertEquals(3, shape[1]);
        }
        try (var left = Files.list(dir.resolve("sub"))) {
            assertEquals(List.of(out), left.toList(), "the temporary file is moved into place");
        }
    }

    @Test
    void badOptionsExitTwoWithOneLine(@TempDir Path dir) {
        String out = dir.resolve("m.onnx").toString();
        expectUserError("--n", "export", "--checkpoint", checkpoint.toString(), "--n", "5", "--out", out);
        expectUserError("--batch", "export", "--checkpoint", checkpoint.toString(), "--n", "1", "--batch", "0", "--out", out);
        expectUserError("--order", "export", "--checkpoint", checkpoint.toString(), "--n", "1", "--order", "x", "--out", out);
        expectUserError("missing.safetensors", "export", "--checkpoint", dir.resolve("missing.safetensors").toString(),
                "--n", "1", "--out", out);
        assertFalse(Files.exists(Path.of(out)));
    }

    private static void expectUserError(String mentions, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(mentions), r.err());
    }
}
