/*
 * IdxReader: reads MNIST-format IDX files (MNIST, Fashion-MNIST), gzipped or not.
 *
 * IDX layout (big-endian), http://yann.lecun.com/exdb/mnist/:
 *   images: magic 0x00000803, count, rows, cols, then count*rows*cols unsigned bytes
 *   labels: magic 0x00000801, count, then count unsigned bytes
 * The third magic byte is the element type (0x08 = unsigned byte), the fourth the number of
 * dimensions. A file is treated as gzip when it starts with the gzip magic 1f 8b, whatever its name.
 *
 * Every check names the file, the offset and what was expected. It does not locate files; see
 * IdxLocator.
 */
package dev.hne.datasets.idx;

import dev.hne.datasets.ByteImageDataset;
import dev.hne.datasets.DatasetException;
import dev.hne.datasets.Normalization;
import dev.hne.datasets.SampleShape;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

public final class IdxReader {

    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /** Images (N, rows, cols) as bytes, from an IDX3 file. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    /** Reads and validates an images file. */
    public static Images readImages(Path file) {
        byte[] b = readAll(file);
        checkMagic(file, b, IMAGES_MAGIC, "IDX images");
        need(file, b, 16, "a 16-byte IDX images header");
        int count = int32(b, 4);
        int rows = int32(b, 8);
        int cols = int32(b, 12);
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw DatasetException.at(file, "bad dimensions " + count + " x " + rows + " x " + cols
                    + " at offset 4, expected positive sizes");
        }
        long expected = 16L + (long) count * rows * cols;
        if (b.length < expected) {
            long image = (b.length - 16L) / ((long) rows * cols);
            throw DatasetException.at(file, "truncated at offset " + b.length + " (in image " + image + "), expected "
                    + expected + " bytes for " + count + " images of " + rows + " x " + cols);
        }
        if (b.length > expected) {
            throw DatasetException.at(file, (b.length - expected) + " extra bytes at offset " + expected + ", expected "
                    + expected + " bytes for " + count + " images of " + rows + " x " + cols);
        }
        byte[] pixels = new byte[count * rows * cols];
        System.arraycopy(b, 16, pixels, 0, pixels.length);
        return new Images(count, rows, cols, pixels);
    }

    /** Reads and validates a labels file; every label must be below {@code numClasses}. */
    public static byte[] readLabels(Path file, int numClasses) {
        byte[] b = readAll(file);
        checkMagic(file, b, LABELS_MAGIC, "IDX labels");
        need(file, b, 8, "an 8-byte IDX labels header");
        int count = int32(b, 4);
        if (count < 0) {
            throw DatasetException.at(file, "negative count " + count + " at offset 4");
        }
        long expected = 8L + count;
        if (b.length != expected) {
            throw DatasetException.at(file, (b.length < expected ? "truncated at offset " : "extra bytes from offset ")
                    + Math.min(b.length, expected) + ", expected " + expected + " bytes for " + count + " labels");
        }
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = b[8 + i] & 0xFF;
            if (label >= numClasses) {
                throw DatasetException.at(file, "label " + label + " at index " + i + " (offset " + (8 + i)
                        + ") out of range, expected 0.." + (numClasses - 1));
            }
            labels[i] = (byte) label;
        }
        return labels;
    }

    /** Pairs an images file with a labels file into a one-channel dataset. */
    public static ByteImageDataset read(String name, Path imagesFile, Path labelsFile, List<String> classNames,
                                        Normalization normalization) {
        Images images = readImages(imagesFile);
        byte[] labels = readLabels(labelsFile, classNames.size());
        if (labels.length != images.count()) {
            throw DatasetException.at(labelsFile, labels.length + " labels, expected " + images.count()
                    + " to match " + imagesFile.getFileName());
        }
        return new ByteImageDataset(name, SampleShape.of(1, images.rows(), images.cols()), images.pixels(), labels,
                classNames, normalization).withSources(List.of(imagesFile, labelsFile));
    }

    /** The whole file, gunzipped when it starts with the gzip magic. */
    static byte[] readAll(Path file) {
        if (!Files.isRegularFile(file)) {
            throw DatasetException.at(file, "missing, expected an IDX file (optionally .gz)");
        }
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw DatasetException.at(file, "cannot read: " + e.getMessage(), e);
        }
        if (raw.length < 2 || (raw[0] & 0xFF) != 0x1f || (raw[1] & 0xFF) != 0x8b) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 4);
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw), 1 << 16)) {
            in.transferTo(out);
        } catch (EOFException e) {
            throw DatasetException.at(file, "truncated gzip stream after " + out.size()
                    + " decompressed bytes, expected a complete gzip file", e);
        } catch (ZipException e) {
            throw DatasetException.at(file, "corrupt gzip data after " + out.size() + " decompressed bytes ("
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw DatasetException.at(file, "cannot decompress: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static void checkMagic(Path file, byte[] b, int magic, String what) {
        need(file, b, 4, "a 4-byte magic number");
        int got = int32(b, 0);
        if (got != magic) {
            throw DatasetException.at(file, String.format("bad magic number 0x%08X at offset 0, expected 0x%08X (%s)",
                    got, magic, what));
        }
    }

    private static void need(Path file, byte[] b, int bytes, String what) {
        if (b.length < bytes) {
            throw DatasetException.at(file, "truncated at offset " + b.length + ", expected " + what);
        }
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
