/*
 * IdxLabelsAndHeaderTest: the corners of the IDX format that the reader must get exactly right,
 * each with the message it must give. Expected bytes and offsets are computed by hand from the
 * format (magic at 0, counts big-endian at 4.., data after the 8- or 16-byte header).
 */
package dev.hne.datasets.idx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hne.datasets.DatasetException;
import dev.hne.datasets.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxLabelsAndHeaderTest {

    @TempDir
    Path tmp;

    private Path write(String name, byte[] data) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, data);
        return f;
    }

    @Test
    void labelsFileWithImagesMagicIsRefused() throws IOException {
        Path f = write("labels", Fixtures.idxImages(new byte[][] {{1}}, 1, 1));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(f, 10));
        assertEquals(f + ": bad magic number 0x00000803 at offset 0, expected 0x00000801 (IDX labels)", e.getMessage());
    }

    @Test
    void truncatedAndOversizedLabelsFilesGiveTheOffset() throws IOException {
        byte[] five = Fixtures.idxLabels(new int[] {1, 2, 3, 4, 5});   // 8 + 5 = 13 bytes
        Path cut = write("cut", Arrays.copyOf(five, 11));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(cut, 10));
        assertEquals(cut + ": truncated at offset 11, expected 13 bytes for 5 labels", e.getMessage());
        Path longer = write("long", Arrays.copyOf(five, 15));
        e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(longer, 10));
        assertEquals(longer + ": extra bytes from offset 13, expected 13 bytes for 5 labels", e.getMessage());
        Path header = write("header", Arrays.copyOf(five, 6));
        e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(header, 10));
        assertEquals(header + ": truncated at offset 6, expected an 8-byte IDX labels header", e.getMessage());
    }

    @Test
    void labelEqualToTheClassCountIsOutOfRangeButOneLessIsNot() throws IOException {
        Path ok = write("ok", Fixtures.idxLabels(new int[] {0, 9}));
        assertArrayEquals(new byte[] {0, 9}, IdxReader.readLabels(ok, 10));
        Path bad = write("bad", Fixtures.idxLabels(new int[] {0, 10}));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(bad, 10));
        assertEquals(bad + ": label 10 at index 1 (offset 9) out of range, expected 0..9", e.getMessage());
        // Unsigned bytes: 200 is 200, not -56 (which would pass a signed "< classes" check).
        Path high = write("high", Fixtures.idxLabels(new int[] {200}));
        e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(high, 10));
        assertEquals(high + ": label 200 at index 0 (offset 8) out of range, expected 0..9", e.getMessage());
    }

    @Test
    void countsOfTwoToTheSixteenAndMoreUseAllFourHeaderBytes() throws IOException {
        // 70000 = 0x00011170: the byte at offset 5 (0x01) is worth 65536.
        int n = 70_000;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % 10;
        byte[] data = Fixtures.idxLabels(labels);
        assertArrayEquals(new byte[] {0, 1, 0x11, 0x70}, Arrays.copyOfRange(data, 4, 8), "fixture header");
        byte[] read = IdxReader.readLabels(write("big", data), 10);
        assertEquals(n, read.length);
        assertEquals(9, read[n - 1]);
        // An images file of 1 x 256 x 257 (rows 0x100 and cols 0x101 need their second-lowest byte).
        byte[][] one = {new byte[256 * 257]};
        one[0][256 * 257 - 1] = 42;
        IdxReader.Images images = IdxReader.readImages(write("wide", Fixtures.idxImages(one, 256, 257)));
        assertEquals(256, images.rows());
        assertEquals(257, images.cols());
        assertEquals(42, images.pixels()[256 * 257 - 1]);
    }

    @Test
    void zeroRowsOrColumnsAreRefused() throws IOException {
        byte[] header = {0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 5};   // 1 image of 0 x 5
        Path rows = write("rows", header);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(rows));
        assertEquals(rows + ": bad dimensions 1 x 0 x 5 at offset 4, expected positive sizes", e.getMessage());
        byte[] noCols = header.clone();
        noCols[11] = 5;
        noCols[15] = 0;                                                       // 1 image of 5 x 0
        Path cols = write("cols", noCols);
        e = assertThrows(DatasetException.class, () -> IdxReader.readImages(cols));
        assertEquals(cols + ": bad dimensions 1 x 5 x 0 at offset 4, expected positive sizes", e.getMessage());
        // Zero images of positive size is a valid, empty file.
        byte[] empty = header.clone();
        empty[7] = 0;
        empty[11] = 2;
        empty[15] = 2;
        assertEquals(0, IdxReader.readImages(write("empty", empty)).count());
    }
}
