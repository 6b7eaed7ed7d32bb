/*
 * Fixtures: writes small files in each supported format for the tests (CIFAR-10/100 binary, IDX
 * plain and gzipped, PNG/JPEG folders, tar.gz archives), with contents derived from a seed so tests
 * can compare what they read with what was written. Test code only.
 */
package dev.hne.datasets;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

public final class Fixtures {

    private Fixtures() {
    }

    /** A CIFAR-style record set: labels (N) and pixels (N, 3072). */
    public record Records(int[] fine, int[] coarse, byte[][] pixels) {
    }

    public static Records randomRecords(int n, int fineClasses, int coarseClasses, long seed) {
        Random r = new Random(seed);
        int[] fine = new int[n];
        int[] coarse = new int[n];
        byte[][] pixels = new byte[n][3072];
        for (int i = 0; i < n; i++) {
            fine[i] = r.nextInt(fineClasses);
            coarse[i] = r.nextInt(coarseClasses);
            r.nextBytes(pixels[i]);
        }
        return new Records(fine, coarse, pixels);
    }

    /** Writes records [from, to) as a CIFAR-10 batch file: <label><3072 pixels>. */
    public static void writeCifar10(Path file, Records rec, int from, int to) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = from; i < to; i++) {
                out.write(rec.fine()[i]);
                out.write(rec.pixels()[i]);
            }
        }
    }

    /** Writes a CIFAR-100 file: <coarse><fine><3072 pixels>. */
    public static void writeCifar100(Path file, Records rec) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < rec.fine().length; i++) {
                out.write(rec.coarse()[i]);
                out.write(rec.fine()[i]);
                out.write(rec.pixels()[i]);
            }
        }
    }

    /**
     * A complete CIFAR-10 folder: 5 train batches of {@code perBatch} records, a test batch of
     * {@code test} records and batches.meta.txt. Returns the train records (in file order) and the
     * test records.
     */
    public static Records[] cifar10Folder(Path dir, int perBatch, int test, long seed) throws IOException {
        Files.createDirectories(dir);
        Records train = randomRecords(5 * perBatch, 10, 1, seed);
        for (int b = 0; b < 5; b++) {
            writeCifar10(dir.resolve("data_batch_" + (b + 1) + ".bin"), train, b * perBatch, (b + 1) * perBatch);
        }
        Records testRec = randomRecords(test, 10, 1, seed + 1);
        writeCifar10(dir.resolve("test_batch.bin"), testRec, 0, test);
        Files.write(dir.resolve("batches.meta.txt"), List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
                "frog", "horse", "ship", "truck", ""));
        return new Records[] {train, testRec};
    }

    /** IDX images file: magic 0x803, count, rows, cols, pixels. */
    public static byte[] idxImages(byte[][] images, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + images.length * rows * cols);
        b.putInt(0x00000803).putInt(images.length).putInt(rows).putInt(cols);
        for (byte[] img : images) {
            b.put(img);
        }
        return b.array();
    }

    /** IDX labels file: magic 0x801, count, labels. */
    public static byte[] idxLabels(int[] labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(0x00000801).putInt(labels.length);
        for (int l : labels) {
            b.put((byte) l);
        }
        return b.array();
    }

    public static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(data);
        }
        return bos.toByteArray();
    }

    /** An RGB image whose pixel (x, y) is a function of (seed, x, y). */
    public static BufferedImage pattern(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 7 + seed * 31) & 0xFF;
                int g = (y * 11 + seed * 17) & 0xFF;
                int b = (x * y + seed) & 0xFF;
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    public static void writeImage(BufferedImage img, String format, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
    }

    /**
     * A valid black PNG of {@code w x h} pixels, 1-bit grey, written chunk by chunk (PNG spec
     * sections 5.3 and 11.2.2: length, type, data, CRC-32 of type + data) so that a 20000 x 20000
     * image costs a few kilobytes of disk and no BufferedImage of that size.
     */
    public static void writeBlackPng(Path file, int w, int h) throws IOException {
        Files.createDirectories(file.getParent());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] row = new byte[1 + (w + 7) / 8];   // filter byte 0 (none), then w bits of 0 = black
        try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(idat)) {
            for (int y = 0; y < h; y++) {
                z.write(row);
            }
        }
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h);
        ihdr.put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);   // depth 1, grey, deflate, no filter/interlace
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            pngChunk(out, "IHDR", ihdr.array());
            pngChunk(out, "IDAT", idat.toByteArray());
            pngChunk(out, "IEND", new byte[0]);
        }
    }

    private static void pngChunk(OutputStream out, String type, byte[] data) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(t);
        out.write(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A tar.gz holding the given files (path inside the archive -> file on disk). */
    public static void tarGz(Path archive, Path baseDir, List<Path> files) throws IOException {
        try (OutputStream out = Files.newOutputStream(archive);
             GZIPOutputStream gz = new GZIPOutputStream(out);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            for (Path f : files) {
                TarArchiveEntry e = new TarArchiveEntry(f.toFile(), baseDir.relativize(f).toString().replace('\\', '/'));
                tar.putArchiveEntry(e);
                Files.copy(f, tar);
                tar.closeArchiveEntry();
            }
        }
    }
}
