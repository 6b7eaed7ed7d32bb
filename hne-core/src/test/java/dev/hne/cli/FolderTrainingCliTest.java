package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ImageNet path of the README on a generated folder: {@code DIR/train/<class>/} and
 * {@code DIR/val/<class>/} holding JPEGs and PNGs of mixed sizes (colour and grey, smaller and larger
 * than the 224 crop), trained, evaluated and resumed through the CLI; and the folder errors the user
 * sees as one line.
 */
class FolderTrainingCliTest {

    /** The command line: mobilenet-hne cut to 2 levels (N = 2), channels / 8, at 224 x 224. */
    private static final String[] TREE = {"--arch", "mobilenet-hne", "--levels", "2", "--width-divisor", "8",
            "--batch", "4", "--dataset", "folder"};

    private static String[] train(Path data, Path out, String... more) {
        String[] withData = new String[TREE.length + 2];
        System.arraycopy(TREE, 0, withData, 0, TREE.length);
        withData[TREE.length] = "--data";
        withData[TREE.length + 1] = data.toString();
        return CliRun.args("train", withData, out, more);
    }

    /** An image whose pixels depend on (x, y, seed); grey when {@code grey}. */
    private static void image(Path file, int w, int h, int seed, boolean grey) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (x * 5 + y * 3 + seed * 40) & 0xFF;
                img.setRGB(x, y, v << 16 | ((255 - v) << 8) | (seed * 60 & 0xFF));
            }
        }
        String format = file.toString().endsWith(".png") ? "png" : "jpg";
        assertTrue(ImageIO.write(img, format, file.toFile()), "no ImageIO writer for " + format);
    }

    /** 4 training images and 2 test images in two classes, no two of one size. */
    private static Path folder(Path root) throws IOException {
        image(root.resolve("train/cat/a.jpg"), 300, 200, 1, false);
        image(root.resolve("train/cat/b.png"), 64, 96, 2, true);
        image(root.resolve("train/dog/c.JPG"), 240, 260, 3, false);
        image(root.resolve("train/dog/d.png"), 180, 120, 4, false);
        image(root.resolve("val/cat/e.png"), 250, 230, 5, false);
        image(root.resolve("val/dog/f.jpeg"), 100, 150, 6, true);
        return root;
    }

    @Test
    void trainsEvaluatesAndResumesOnAnImageFolder(@TempDir Path dir) throws IOException {
        Path data = folder(dir.resolve("data"));
        Path out = dir.resolve("run");
        CliRun r = CliRun.of(train(data, out, "--epochs", "1"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("data folder: 4 train / 2 test images"), r.out());
        assertTrue(r.out().contains("epoch 1/1: train loss"), r.out());
        String table = r.out().substring(r.out().indexOf("   n     MMACs"), r.out().indexOf("report: "));

        CliRun e = CliRun.of("eval", "--checkpoint", out.resolve("last.safetensors").toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains(table), "eval:\n" + e.out() + "\ntrain:\n" + table);

        r = CliRun.of(train(data, out, "--epochs", "2", "--resume"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("resumed") && r.out().contains("epoch 2/2: train loss")
                && !r.out().contains("epoch 1/2: train loss"), r.out());
    }

    @Test
    void anEmptyClassFolderIsOneLineNamingIt(@TempDir Path dir) throws IOException {
        Path data = folder(dir.resolve("data"));
        Files.createDirectories(data.resolve("train/bird"));
        CliRun r = CliRun.of(train(data, dir.resolve("run"), "--epochs", "1"));
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("hne train: " + data.resolve("train/bird") + ": class folder 'bird' has no"),
                r.err());
    }
}
