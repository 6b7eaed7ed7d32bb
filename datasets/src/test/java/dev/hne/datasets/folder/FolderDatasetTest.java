/*
 * FolderDatasetTest: a generated folder of PNG and JPEG images read back (PNG exactly, JPEG
 * approximately), class order, and errors for missing folders and unreadable images.
 */
package dev.hne.datasets.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.datasets.DataLoader;
import dev.hne.datasets.DatasetException;
import dev.hne.datasets.Fixtures;
import dev.hne.datasets.Image;
import dev.hne.datasets.LoaderOptions;
import dev.hne.datasets.Batch;
import dev.hne.datasets.transform.StandardTransforms;
import dev.hne.datasets.Normalization;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderDatasetTest {

    @TempDir
    Path tmp;

    @Test
    void readsPngExactlyAndJpegApproximately() throws IOException {
        BufferedImage a = Fixtures.pattern(20, 12, 1);
        BufferedImage b = Fixtures.pattern(16, 16, 2);
        Fixtures.writeImage(a, "png", tmp.resolve("zebra/a.png"));
        Fixtures.writeImage(b, "jpg", tmp.resolve("cat/b.JPG"));
        Fixtures.writeImage(b, "png", tmp.resolve("cat/c.png"));
        Files.writeString(tmp.resolve("cat/notes.txt"), "ignored");
        FolderDataset d = FolderDataset.scan(tmp);
        assertEquals(3, d.size());
        assertEquals(java.util.List.of("cat", "zebra"), d.classNames()); // sorted
        assertEquals(0, d.label(0));
        assertEquals(1, d.label(2));
        assertFalse(d.sampleShape().isFixed());

        Image png = d.image(2); // zebra/a.png
        assertEquals(3, png.channels());
        assertEquals(12, png.height());
        assertEquals(20, png.width());
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 20; x++) {
                int p = a.getRGB(x, y);
                assertEquals(((p >> 16) & 0xFF) / 255f, png.get(0, y, x), 0f);
                assertEquals(((p >> 8) & 0xFF) / 255f, png.get(1, y, x), 0f);
                assertEquals((p & 0xFF) / 255f, png.get(2, y, x), 0f);
            }
        }
        Image jpg = d.image(0); // cat/b.JPG: lossy, compare the mean
        Image ref = d.image(1); // cat/c.png, same picture
        double diff = 0;
        for (int k = 0; k < ref.data().length; k++) {
            diff += Math.abs(jpg.data()[k] - ref.data()[k]);
        }
        assertTrue(diff / ref.data().length < 0.1, "JPEG too far from PNG: " + diff / ref.data().length);
    }

    @Test
    void loaderWithImagenetTransformsGivesFixedSize() throws IOException {
        for (int i = 0; i < 5; i++) {
            Fixtures.writeImage(Fixtures.pattern(30 + 7 * i, 40 - 3 * i, i), "png", tmp.resolve("k" + (i % 2) + "/" + i + ".png"));
        }
        FolderDataset d = FolderDataset.scan(tmp);
        for (var t : new dev.hne.datasets.transform.Transform[] {
            StandardTransforms.imagenetTrain(24, Normalization.IMAGENET),
            StandardTransforms.imagenetEval(24, Normalization.IMAGENET)}) {
            try (DataLoader loader = new DataLoader(d, t, LoaderOptions.of(2).withWorkers(2))) {
                int seen = 0;
                try (DataLoader.Epoch e = loader.epoch(0)) {
                    for (Batch b : e) {
                        assertEquals(3 * 24 * 24 * b.size(), b.images().length);
                        seen += b.size();
                    }
                }
                assertEquals(5, seen);
            }
        }
    }

    @Test
    void unreadableImageNamesFileAndIndex() throws IOException {
        Fixtures.writeImage(Fixtures.pattern(8, 8, 1), "png", tmp.resolve("a/good.png"));
        Path bad = tmp.resolve("a/bad.jpg");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5});
        FolderDataset d = FolderDataset.scan(tmp);
        assertEquals(bad, d.file(0)); // bad.jpg sorts first
        DatasetException e = assertThrows(DatasetException.class, () -> d.image(0));
        assertTrue(e.getMessage().startsWith(bad + ": unreadable image (sample 0)"), e.getMessage());
        assertTrue(e.getMessage().contains("expected a JPEG or PNG"), e.getMessage());
    }

    @Test
    void missingOrEmptyFolders() throws IOException {
        Path none = tmp.resolve("none");
        DatasetException e = assertThrows(DatasetException.class, () -> FolderDataset.scan(none));
        assertTrue(e.getMessage().startsWith(none + ": no such directory"), e.getMessage());
        Files.createDirectories(tmp.resolve("empty/classA"));
        e = assertThrows(DatasetException.class, () -> FolderDataset.scan(tmp.resolve("empty")));
        assertTrue(e.getMessage().contains("no .jpg/.jpeg/.png files"), e.getMessage());
        Files.createDirectories(tmp.resolve("flat"));
        e = assertThrows(DatasetException.class, () -> FolderDataset.scan(tmp.resolve("flat")));
        assertTrue(e.getMessage().contains("no class sub-folders"), e.getMessage());
    }

    @Test
    void emptyClassFolderIsAnErrorNamingIt() throws IOException {
        Fixtures.writeImage(Fixtures.pattern(8, 8, 1), "png", tmp.resolve("cat/a.png"));
        Files.createDirectories(tmp.resolve("dog"));   // a class with nothing to learn from
        Files.writeString(tmp.resolve("dog/readme.txt"), "not an image");
        DatasetException e = assertThrows(DatasetException.class, () -> FolderDataset.scan(tmp));
        assertTrue(e.getMessage().startsWith(tmp.resolve("dog") + ": class folder 'dog' has no .jpg/.jpeg/.png files"),
                e.getMessage());
    }

    @Test
    void hugePngIsRefusedByItsHeaderBeforeDecoding() throws IOException {
        // 20000 x 20000 = 400 megapixels: decoding it would need int[400M] and float[1.2G] (> 6 GB, the
        // test JVM has 4), so only a refusal from the header ends this test without an OutOfMemoryError.
        Path huge = tmp.resolve("cat/huge.png");
        Fixtures.writeBlackPng(huge, 20000, 20000);
        assertTrue(Files.size(huge) < 1 << 20, "fixture should be small on disk: " + Files.size(huge));
        FolderDataset d = FolderDataset.scan(tmp);
        DatasetException e = assertThrows(DatasetException.class, () -> d.image(0));
        assertTrue(e.getMessage().startsWith(huge + ": image of 20000 x 20000 pixels (sample 0) is larger than the 50"
                + " megapixels"), e.getMessage());
    }

    @Test
    void headerWriterMakesARealPngAndTheLimitIsInclusive() throws IOException {
        Path small = tmp.resolve("cat/small.png");   // the same writer, at a size that decodes
        Fixtures.writeBlackPng(small, 13, 5);
        Image img = FolderDataset.scan(tmp).image(0);
        assertEquals(5, img.height());
        assertEquals(13, img.width());
        for (float v : img.data()) assertEquals(0f, v, 0f);
        FolderDataset.checkSize(small, 0, 8000, 6250);   // exactly 50 megapixels: allowed
        assertThrows(DatasetException.class, () -> FolderDataset.checkSize(small, 0, 8001, 6250));
    }
}
