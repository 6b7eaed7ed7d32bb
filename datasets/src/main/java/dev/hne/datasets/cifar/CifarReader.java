/*
 * CifarReader: reads the official CIFAR-10 / CIFAR-100 binary files from a folder into a
 * ByteImageDataset (see CifarVariant for the record layout).
 *
 * Checks, each failing with a DatasetException that names the file:
 *   - the folder and every expected file exist;
 *   - the file is a whole number of records (otherwise: truncated, with the offset of the partial record);
 *   - every label is in range (with record index and byte offset).
 * Class names come from the folder's *.txt names file when present, else "class_<k>".
 *
 * It does not locate or download the folder; see Cifar.
 */
package dev.hne.datasets.cifar;

import dev.hne.datasets.ByteImageDataset;
import dev.hne.datasets.DatasetException;
import dev.hne.datasets.SampleShape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public final class CifarReader {

    private CifarReader() {
    }

    /**
     * Reads the train or test split from {@code folder}. For CIFAR-100, {@code coarse} picks the 20
     * superclass labels instead of the 100 fine ones; CIFAR-10 has only one kind.
     */
    public static ByteImageDataset read(Path folder, CifarVariant variant, boolean train, boolean coarse) {
        if (coarse && variant.labelBytes() < 2) {
            throw new IllegalArgumentException(variant.id() + " has no coarse labels");
        }
        if (!Files.isDirectory(folder)) {
            throw DatasetException.at(folder, "no such directory, expected the " + variant.folder()
                    + " folder of the binary version with " + String.join(", ", variant.files(train)));
        }
        int record = variant.recordBytes();
        int numClasses = variant.numClasses(coarse);
        // Label byte used: the only one (CIFAR-10), the fine one at 1 or the coarse one at 0 (CIFAR-100).
        int labelAt = variant.labelBytes() == 1 ? 0 : (coarse ? 0 : 1);

        List<byte[]> contents = new ArrayList<>();
        long total = 0;
        for (String name : variant.files(train)) {
            Path file = folder.resolve(name);
            byte[] bytes = readAll(file, variant);
            checkWhole(file, bytes.length, record, variant);
            contents.add(bytes);
            total += bytes.length / record;
        }
        if (total * CifarVariant.PIXELS > Integer.MAX_VALUE) {
            throw new DatasetException(folder + ": " + total + " records do not fit in one array");
        }
        int n = (int) total;
        byte[] pixels = new byte[n * CifarVariant.PIXELS]; // (N, 3, 32, 32)
        byte[] labels = new byte[n];
        int i = 0;
        for (int f = 0; f < contents.size(); f++) {
            byte[] bytes = contents.get(f);
            Path file = folder.resolve(variant.files(train).get(f));
            for (int r = 0; r * record < bytes.length; r++, i++) {
                int offset = r * record;
                int label = bytes[offset + labelAt] & 0xFF;
                if (label >= numClasses) {
                    throw DatasetException.at(file, "label " + label + " of record " + r + " at offset "
                            + (offset + labelAt) + " out of range, expected 0.." + (numClasses - 1));
                }
                labels[i] = (byte) label;
                System.arraycopy(bytes, offset + variant.labelBytes(), pixels, i * CifarVariant.PIXELS,
                        CifarVariant.PIXELS);
            }
        }
        List<String> names = classNames(folder.resolve(String.valueOf(variant.namesFile(coarse))), numClasses);
        String name = variant.id() + (coarse ? "-coarse" : "") + "/" + (train ? "train" : "test");
        List<Path> sources = variant.files(train).stream().map(folder::resolve).toList();
        return new ByteImageDataset(name, SampleShape.of(3, 32, 32), pixels, labels, names, variant.normalization())
                .withSources(sources);
    }

    private static byte[] readAll(Path file, CifarVariant variant) {
        if (!Files.isRegularFile(file)) {
            throw DatasetException.at(file, "missing, expected a " + variant.id() + " binary batch file of "
                    + variant.recordBytes() + "-byte records");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw DatasetException.at(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static void checkWhole(Path file, int length, int record, CifarVariant variant) {
        String layout = record + "-byte records (" + variant.labelBytes() + " label byte"
                + (variant.labelBytes() > 1 ? "s" : "") + " + " + CifarVariant.PIXELS + " pixels)";
        if (length == 0) {
            throw DatasetException.at(file, "empty, expected " + layout);
        }
        int partial = length % record;
        if (partial != 0) {
            int offset = length - partial;
            throw DatasetException.at(file, "truncated: record " + offset / record + " at offset " + offset + " has "
                    + partial + " of " + record + " bytes, expected " + layout);
        }
    }

    /** One name per non-blank line; falls back to class_0.. when the file is absent. */
    private static List<String> classNames(Path file, int numClasses) {
        List<String> names = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        names.add(line.strip());
                    }
                }
            } catch (IOException e) {
                throw DatasetException.at(file, "cannot read class names: " + e.getMessage(), e);
            }
            if (names.size() != numClasses) {
                throw DatasetException.at(file, names.size() + " class names, expected " + numClasses);
            }
            return names;
        }
        for (int k = 0; k < numClasses; k++) {
            names.add("class_" + k);
        }
        return names;
    }
}
