/*
 * IdxReaderTest: MNIST-format files, gzipped and plain, read back and compared; broken files
 * (wrong magic, truncated data, truncated gzip, label out of range, count mismatch) give messages
 * naming the file and offset. The real Fashion-MNIST check runs only where the Debian package is
 * installed.
 */
package dev.hne.datasets.idx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.datasets.ByteImageDataset;
import dev.hne.datasets.DatasetException;
import dev.hne.datasets.Fixtures;
import dev.hne.datasets.Image;
import dev.hne.datasets.Normalization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    private static final List<String> DIGITS = IdxFamily.MNIST.classNames();

    @TempDir
    Path tmp;

    private byte[][] images(int n, int rows, int cols, long seed) {
        Random r = new Random(seed);
        byte[][] out = new byte[n][rows * cols];
        for (byte[] img : out) {
            r.nextBytes(img);
        }
        return out;
    }

    @Test
    void plainAndGzippedReadTheSame() throws IOException {
        byte[][] imgs = images(7, 5, 4, 1);
        int[] labels = {0, 1, 2, 9, 8, 7, 3};
        Path plainImages = tmp.resolve("train-images-idx3-ubyte");
        Path plainLabels = tmp.resolve("train-labels-idx1-ubyte");
        Files.write(plainImages, Fixtures.idxImages(imgs, 5, 4));
        Files.write(plainLabels, Fixtures.idxLabels(labels));
        Path gzImages = tmp.resolve("g-images.gz");
        Path gzLabels = tmp.resolve("g-labels.gz");
        Files.write(gzImages, Fixtures.gzip(Fixtures.idxImages(imgs, 5, 4)));
        Files.write(gzLabels, Fixtures.gzip(Fixtures.idxLabels(labels)));

        for (ByteImageDataset d : new ByteImageDataset[] {
            IdxReader.read("p", plainImages, plainLabels, DIGITS, Normalization.MNIST),
            IdxReader.read("g", gzImages, gzLabels, DIGITS, Normalization.MNIST)}) {
            assertEquals(7, d.size());
            assertEquals(1, d.sampleShape().channels());
            assertEquals(5, d.sampleShape().height());
            assertEquals(4, d.sampleShape().width());
            for (int i = 0; i < 7; i++) {
                assertEquals(labels[i], d.label(i));
                Image img = d.image(i);
                for (int k = 0; k < 20; k++) {
                    assertEquals((imgs[i][k] & 0xFF) / 255f, img.data()[k], 0f);
                }
            }
        }
    }

    @Test
    void wrongMagicNamesFileOffsetAndExpectation() throws IOException {
        Path f = tmp.resolve("train-images-idx3-ubyte.gz");
        byte[] data = Fixtures.idxImages(images(2, 3, 3, 2), 3, 3);
        data[2] = 0;
        data[3] = 0;
        Files.write(f, Fixtures.gzip(data));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(f));
        assertEquals(f + ": bad magic number 0x00000000 at offset 0, expected 0x00000803 (IDX images)", e.getMessage());
        // A labels file where images are expected is caught by the magic too.
        Path labels = tmp.resolve("labels");
        Files.write(labels, Fixtures.idxLabels(new int[] {1}));
        e = assertThrows(DatasetException.class, () -> IdxReader.readImages(labels));
        assertTrue(e.getMessage().contains("bad magic number 0x00000801 at offset 0, expected 0x00000803"), e.getMessage());
    }

    @Test
    void truncatedImagesGiveOffset() throws IOException {
        Path f = tmp.resolve("imgs");
        byte[] data = Fixtures.idxImages(images(4, 3, 3, 3), 3, 3);
        Files.write(f, Arrays.copyOf(data, 16 + 2 * 9 + 4));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(f));
        assertEquals(f + ": truncated at offset 38 (in image 2), expected 52 bytes for 4 images of 3 x 3", e.getMessage());
        // Header itself cut short.
        Files.write(f, Arrays.copyOf(data, 10));
        e = assertThrows(DatasetException.class, () -> IdxReader.readImages(f));
        assertEquals(f + ": truncated at offset 10, expected a 16-byte IDX images header", e.getMessage());
    }

    @Test
    void truncatedGzipStream() throws IOException {
        Path f = tmp.resolve("imgs.gz");
        byte[] gz = Fixtures.gzip(Fixtures.idxImages(images(50, 8, 8, 4), 8, 8));
        Files.write(f, Arrays.copyOf(gz, gz.length / 2));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(f));
        assertTrue(e.getMessage().startsWith(f + ": truncated gzip stream after "), e.getMessage());
    }

    @Test
    void labelOutOfRangeGivesIndexAndOffset() throws IOException {
        Path f = tmp.resolve("labels");
        Files.write(f, Fixtures.idxLabels(new int[] {1, 2, 3, 4, 5, 12}));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(f, 10));
        assertEquals(f + ": label 12 at index 5 (offset 13) out of range, expected 0..9", e.getMessage());
    }

    @Test
    void countMismatchBetweenFiles() throws IOException {
        Path images = tmp.resolve("i");
        Path labels = tmp.resolve("l");
        Files.write(images, Fixtures.idxImages(images(3, 2, 2, 5), 2, 2));
        Files.write(labels, Fixtures.idxLabels(new int[] {1, 2}));
        DatasetException e = assertThrows(DatasetException.class,
                () -> IdxReader.read("x", images, labels, DIGITS, Normalization.MNIST));
        assertEquals(labels + ": 2 labels, expected 3 to match i", e.getMessage());
    }

    @Test
    void locatorSearchesSubfolderAndNamesAllPlacesWhenMissing() throws IOException {
        Path dir = tmp.resolve("fashion-mnist");
        Files.createDirectories(dir);
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), Fixtures.gzip(Fixtures.idxImages(images(3, 28, 28, 6), 28, 28)));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), Fixtures.idxLabels(new int[] {0, 5, 9}));
        ByteImageDataset test = IdxLocator.read(tmp, IdxFamily.FASHION_MNIST, false);
        assertEquals(3, test.size());
        assertEquals("Ankle boot", test.classNames().get(test.label(2)));

        DatasetException e = assertThrows(DatasetException.class, () -> IdxLocator.read(tmp, IdxFamily.MNIST, true));
        assertTrue(e.getMessage().startsWith("mnist not found: no train-images-idx3-ubyte[.gz]"), e.getMessage());
        assertTrue(e.getMessage().contains(tmp.resolve("mnist").toString()), e.getMessage());
    }

    /** The real files from the Debian package dataset-fashion-mnist, when installed. */
    @Test
    void realFashionMnistWhenInstalled() {
        Path system = Path.of("/usr/share/datasets/fashion-mnist");
        Assumptions.assumeTrue(Files.isRegularFile(system.resolve("train-images-idx3-ubyte.gz")),
                "skipped: " + system + " not present (apt-get install dataset-fashion-mnist to run it)");
        ByteImageDataset train = IdxLocator.read(tmp, IdxFamily.FASHION_MNIST, true);
        ByteImageDataset test = IdxLocator.read(tmp, IdxFamily.FASHION_MNIST, false);
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        int[] counts = new int[10];
        for (int i = 0; i < train.size(); i++) {
            counts[train.label(i)]++;
        }
        for (int c : counts) {
            assertEquals(6_000, c); // Fashion-MNIST is exactly balanced
        }
        // Mean pixel over a slice is near the published mean 0.2860.
        double sum = 0;
        for (int i = 0; i < 2000; i++) {
            for (float v : train.image(i).data()) {
                sum += v;
            }
        }
        assertEquals(0.286, sum / (2000 * 784), 0.01);
    }
}
