package dev.hne.datasets.idx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.datasets.DatasetException;
import dev.hne.datasets.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IDX corners left by issue 19's mutation run: a file shorter than its 4-byte magic number is a
 * clear error (not an index exception), the magic's high bytes count, and the locator picks the
 * folder that holds the files and names the file that is missing there.
 */
class IdxCornersTest {

    @TempDir
    Path tmp;

    @Test
    void aFileShorterThanItsMagicNumberIsTruncated() throws IOException {
        Path f = Files.write(tmp.resolve("three"), new byte[] {0, 0, 8});
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(f, 10));
        assertEquals(f + ": truncated at offset 3, expected a 4-byte magic number", e.getMessage());
    }

    @Test
    void theMagicsHighBytesAreRead() throws IOException {
        byte[] labels = Fixtures.idxLabels(new int[] {1});
        labels[0] = 1;   // 0x01000801: the right low bytes, a wrong high byte
        Path f = Files.write(tmp.resolve("high"), labels);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(f, 10));
        assertEquals(f + ": bad magic number 0x01000801 at offset 0, expected 0x00000801 (IDX labels)", e.getMessage());
    }

    @Test
    void theLocatorTakesTheFolderWithTheFilesAndNamesAMissingLabelsFile() throws IOException {
        Path data = tmp.resolve("data");
        Path folder = Files.createDirectories(data.resolve("fashion-mnist"));
        Files.write(folder.resolve("t10k-images-idx3-ubyte"), Fixtures.idxImages(new byte[][] {{1, 2, 3, 4}}, 2, 2));
        assertEquals(folder, IdxLocator.locate(data, IdxFamily.FASHION_MNIST));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxLocator.read(data, IdxFamily.FASHION_MNIST, false));
        assertTrue(e.getMessage().contains("no t10k-labels-idx1-ubyte[.gz]"), e.getMessage());
        Files.write(folder.resolve("t10k-labels-idx1-ubyte"), Fixtures.idxLabels(new int[] {3}));
        assertEquals(1, IdxLocator.read(data, IdxFamily.FASHION_MNIST, false).size());
        e = assertThrows(DatasetException.class, () -> IdxLocator.read(data, IdxFamily.FASHION_MNIST, true));
        assertTrue(e.getMessage().contains("no train-images-idx3-ubyte[.gz]"), e.getMessage());
    }
}
