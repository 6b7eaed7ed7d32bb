/*
 * CifarReaderTest: writes tiny CIFAR-10/100 binary files, reads them back, and checks every error
 * path on deliberately broken files.
 */
package dev.hne.datasets.cifar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.datasets.ByteImageDataset;
import dev.hne.datasets.DatasetException;
import dev.hne.datasets.Fixtures;
import dev.hne.datasets.Image;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {

    @TempDir
    Path tmp;

    @Test
    void cifar10ReadsBackWhatWasWritten() throws IOException {
        Path dir = tmp.resolve("cifar-10-batches-bin");
        Fixtures.Records[] rec = Fixtures.cifar10Folder(dir, 3, 4, 42);
        ByteImageDataset train = CifarReader.read(dir, CifarVariant.CIFAR10, true, false);
        ByteImageDataset test = CifarReader.read(dir, CifarVariant.CIFAR10, false, false);
        assertEquals(15, train.size());
        assertEquals(4, test.size());
        assertEquals(10, train.numClasses());
        assertEquals("airplane", train.classNames().get(0));
        assertEquals("truck", train.classNames().get(9));
        for (int i = 0; i < 15; i++) {
            assertEquals(rec[0].fine()[i], train.label(i), "label " + i);
            byte[] px = rec[0].pixels()[i];
            Image img = train.image(i);
            assertEquals(3, img.channels());
            for (int k = 0; k < 3072; k++) {
                assertEquals((px[k] & 0xFF) / 255f, img.data()[k], 0f, "sample " + i + " value " + k);
            }
        }
        // The file layout is already (C, H, W): red plane first, row-major.
        assertEquals(rec[1].pixels()[2][1024 + 5 * 32 + 7] & 0xFF, test.rawPixel(2, 1, 5, 7));
    }

    @Test
    void cifar100FineAndCoarse() throws IOException {
        Path dir = tmp.resolve("cifar-100-binary");
        Files.createDirectories(dir);
        Fixtures.Records train = Fixtures.randomRecords(9, 100, 20, 1);
        Fixtures.Records test = Fixtures.randomRecords(5, 100, 20, 2);
        Fixtures.writeCifar100(dir.resolve("train.bin"), train);
        Fixtures.writeCifar100(dir.resolve("test.bin"), test);
        ByteImageDataset fine = CifarReader.read(dir, CifarVariant.CIFAR100, true, false);
        ByteImageDataset coarse = CifarReader.read(dir, CifarVariant.CIFAR100, true, true);
        assertEquals(100, fine.numClasses());
        assertEquals(20, coarse.numClasses());
        assertEquals("class_99", fine.classNames().get(99)); // no names file written
        for (int i = 0; i < 9; i++) {
            assertEquals(train.fine()[i], fine.label(i));
            assertEquals(train.coarse()[i], coarse.label(i));
            assertEquals(train.pixels()[i][3071] & 0xFF, fine.rawPixel(i, 2, 31, 31));
        }
        assertEquals(5, CifarReader.read(dir, CifarVariant.CIFAR100, false, false).size());
    }

    @Test
    void missingDirectoryNamesIt() {
        Path dir = tmp.resolve("nowhere");
        DatasetException e = assertThrows(DatasetException.class,
                () -> CifarReader.read(dir, CifarVariant.CIFAR10, true, false));
        assertTrue(e.getMessage().startsWith(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("no such directory"), e.getMessage());
    }

    @Test
    void missingFileNamesIt() throws IOException {
        Path dir = tmp.resolve("c");
        Fixtures.cifar10Folder(dir, 2, 2, 3);
        Files.delete(dir.resolve("data_batch_4.bin"));
        DatasetException e = assertThrows(DatasetException.class,
                () -> CifarReader.read(dir, CifarVariant.CIFAR10, true, false));
        assertTrue(e.getMessage().contains("data_batch_4.bin: missing"), e.getMessage());
    }

    @Test
    void truncatedFileGivesOffsetOfPartialRecord() throws IOException {
        Path dir = tmp.resolve("c");
        Fixtures.cifar10Folder(dir, 3, 2, 4);
        Path f = dir.resolve("data_batch_2.bin");
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, 2 * 3073 + 100));
        DatasetException e = assertThrows(DatasetException.class,
                () -> CifarReader.read(dir, CifarVariant.CIFAR10, true, false));
        assertEquals(f + ": truncated: record 2 at offset 6146 has 100 of 3073 bytes, expected 3073-byte records"
                + " (1 label byte + 3072 pixels)", e.getMessage());
    }

    @Test
    void labelOutOfRangeGivesRecordAndOffset() throws IOException {
        Path dir = tmp.resolve("c");
        Fixtures.cifar10Folder(dir, 3, 2, 5);
        Path f = dir.resolve("test_batch.bin");
        byte[] all = Files.readAllBytes(f);
        all[3073] = 10; // label of record 1
        Files.write(f, all);
        DatasetException e = assertThrows(DatasetException.class,
                () -> CifarReader.read(dir, CifarVariant.CIFAR10, false, false));
        assertEquals(f + ": label 10 of record 1 at offset 3073 out of range, expected 0..9", e.getMessage());
    }

    @Test
    void cifar100FineLabelOutOfRange() throws IOException {
        Path dir = tmp.resolve("c100");
        Files.createDirectories(dir);
        Fixtures.Records rec = Fixtures.randomRecords(3, 100, 20, 6);
        rec.fine()[2] = 100;
        Fixtures.writeCifar100(dir.resolve("train.bin"), rec);
        DatasetException e = assertThrows(DatasetException.class,
                () -> CifarReader.read(dir, CifarVariant.CIFAR100, true, false));
        assertTrue(e.getMessage().contains("label 100 of record 2 at offset " + (2 * 3074 + 1) + " out of range, expected 0..99"),
                e.getMessage());
    }

    @Test
    void emptyFileIsAnError() throws IOException {
        Path dir = tmp.resolve("c");
        Fixtures.cifar10Folder(dir, 1, 1, 7);
        Files.write(dir.resolve("data_batch_1.bin"), new byte[0]);
        DatasetException e = assertThrows(DatasetException.class,
                () -> CifarReader.read(dir, CifarVariant.CIFAR10, true, false));
        assertTrue(e.getMessage().contains("data_batch_1.bin: empty"), e.getMessage());
    }
}
