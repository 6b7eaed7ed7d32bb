/*
 * CifarVariant: what differs between CIFAR-10 and CIFAR-100 in their official binary versions
 * (https://www.cs.toronto.edu/~kriz/cifar.html): file names, record layout, label files,
 * normalisation constants and the archive to download with its MD5.
 *
 *   CIFAR-10 record:  <1 byte label><3072 bytes pixels>                 data_batch_1..5.bin, test_batch.bin
 *   CIFAR-100 record: <1 byte coarse><1 byte fine><3072 bytes pixels>   train.bin, test.bin
 *   pixels: 1024 red, then 1024 green, then 1024 blue, each 32 x 32 row-major = (C, H, W) already.
 */
package dev.hne.datasets.cifar;

import dev.hne.datasets.Normalization;
import java.net.URI;
import java.util.List;

public enum CifarVariant {

    CIFAR10("cifar10", "cifar-10-batches-bin", 1, 10, 10,
            List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"),
            List.of("test_batch.bin"), "batches.meta.txt", null, Normalization.CIFAR10,
            URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"), "c32a1d4ab5d03f1284b67883e8d87530"),

    CIFAR100("cifar100", "cifar-100-binary", 2, 100, 20,
            List.of("train.bin"), List.of("test.bin"), "fine_label_names.txt", "coarse_label_names.txt",
            Normalization.CIFAR100,
            URI.create("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz"), "03b5dce01913d631647c71ecec9e9cb8");

    public static final int PIXELS = 3 * 32 * 32;

    private final String id;
    private final String folder;
    private final int labelBytes;
    private final int fineClasses;
    private final int coarseClasses;
    private final List<String> trainFiles;
    private final List<String> testFiles;
    private final String fineNamesFile;
    private final String coarseNamesFile;
    private final Normalization normalization;
    private final URI url;
    private final String md5;

    CifarVariant(String id, String folder, int labelBytes, int fineClasses, int coarseClasses, List<String> trainFiles,
                 List<String> testFiles, String fineNamesFile, String coarseNamesFile, Normalization normalization,
                 URI url, String md5) {
        this.id = id;
        this.folder = folder;
        this.labelBytes = labelBytes;
        this.fineClasses = fineClasses;
        this.coarseClasses = coarseClasses;
        this.trainFiles = trainFiles;
        this.testFiles = testFiles;
        this.fineNamesFile = fineNamesFile;
        this.coarseNamesFile = coarseNamesFile;
        this.normalization = normalization;
        this.url = url;
        this.md5 = md5;
    }

    /** Registry name: "cifar10" or "cifar100". */
    public String id() {
        return id;
    }

    /** The folder the official archive unpacks to. */
    public String folder() {
        return folder;
    }

    /** Bytes per record: label byte(s) + 3072 pixels. */
    public int recordBytes() {
        return labelBytes + PIXELS;
    }

    public int labelBytes() {
        return labelBytes;
    }

    public int numClasses(boolean coarse) {
        return coarse ? coarseClasses : fineClasses;
    }

    public List<String> files(boolean train) {
        return train ? trainFiles : testFiles;
    }

    /** Class-name file inside the folder (one name per line); null where the variant has none. */
    public String namesFile(boolean coarse) {
        return coarse ? coarseNamesFile : fineNamesFile;
    }

    public Normalization normalization() {
        return normalization;
    }

    public URI url() {
        return url;
    }

    public String md5() {
        return md5;
    }

    /** The archive's file name, e.g. cifar-10-binary.tar.gz. */
    public String archiveName() {
        String path = url.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
