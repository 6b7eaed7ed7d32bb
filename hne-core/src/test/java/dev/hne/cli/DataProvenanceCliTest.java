package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each split comes from one place, the run records which files it read (path, size, SHA-256), and
 * eval scores a checkpoint on the data the run recorded unless told otherwise. The data is a tiny
 * generated Fashion-MNIST (64 train / 40 test images), different from the system copy in
 * /usr/share/datasets/fashion-mnist (10,000 test images), so a silent fall-back shows.
 */
class DataProvenanceCliTest {

    static final String[] TREE = {"--arch", "resnet-hne-small", "--levels", "2", "--width-divisor", "8",
            "--batch", "16", "--epochs", "1"};

    /** Writes the four IDX files of a fashion-mnist folder (random pixels, labels i mod 10). */
    static void writeIdx(Path dir, int train, int test, boolean withTest) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(5);
        Files.write(dir.resolve("train-images-idx3-ubyte"), images(train, r));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(train));
        if (withTest) {
            Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(test, r));
            Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(test));
        }
    }

    private static byte[] images(int n, Random r) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(0x00000803);
        d.writeInt(n);
        d.writeInt(28);
        d.writeInt(28);
        byte[] pixels = new byte[n * 28 * 28];
        r.nextBytes(pixels);
        d.write(pixels);
        return b.toByteArray();
    }

    private static byte[] labels(int n) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(0x00000801);
        d.writeInt(n);
        for (int i = 0; i < n; i++) d.writeByte(i % 10);
        return b.toByteArray();
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static String[] train(Path data, Path out) {
        return CliRun.args("train", TREE, out, "--dataset", "fashion-mnist", "--data", data.toString());
    }

    @Test
    void theRunRecordsItsFilesAndEvalUsesTheRecordedData(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path idx = data.resolve("fashion-mnist");
        writeIdx(idx, 64, 40, true);
        Path out = dir.resolve("run");
        CliRun t = CliRun.of(train(data, out));
        assertEquals(0, t.code(), t.err());
        for (String f : new String[] {"train-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            Path file = idx.resolve(f).toAbsolutePath();
            String hash = sha256(file);
            assertTrue(t.out().contains(file + ", " + String.format(java.util.Locale.ROOT, "%.1f MB", Files.size(file) / 1e6)
                    + ", sha256 " + hash), t.out());
            String summary = Files.readString(out.resolve("summary.json"));
            assertTrue(summary.contains("\"path\": \"" + file + "\"") && summary.contains(hash), summary);
        }
        CliRun e = CliRun.of("eval", "--checkpoint", out.resolve("last.safetensors").toString(), "--batch", "16");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("data: " + data.toAbsolutePath() + " (recorded in the checkpoint"), e.out());
        assertTrue(e.out().contains("test split, 40 images"), "scored on the run's 40 test images: " + e.out());
        assertTrue(e.out().contains("(the same files the run recorded)"), e.out());
    }

    @Test
    void aFolderMissingTheTestFilesIsAnErrorNotAFallBack(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        writeIdx(data.resolve("fashion-mnist"), 64, 0, false);
        CliRun t = CliRun.of(train(data, dir.resolve("run")));
        assertEquals(Main.USER_ERROR, t.code(), t.out() + t.err());
        assertEquals(1, t.err().strip().lines().count(), t.err());
        assertTrue(t.err().contains(data.resolve("fashion-mnist") + ": has fashion-mnist files but no t10k-images-idx3-ubyte"),
                t.err());
    }
}
