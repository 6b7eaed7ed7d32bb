/*
 * ByteImageDataset: a Dataset held in memory as one byte per pixel value, the compact form CIFAR,
 * (Fashion-)MNIST and the synthetic set share.
 *
 *   pixels is (N, C, H, W) bytes, value v means v / 255
 *   labels is (N) bytes, read as unsigned (so up to 255 classes)
 *
 * 50,000 CIFAR images take 150 MB here instead of 600 MB as floats. Immutable after construction,
 * so any number of loader threads may read it. It is not a file reader: see cifar/ and idx/.
 */
package dev.hne.datasets;

import java.util.List;

public final class ByteImageDataset implements Dataset {

    private static final float[] TO_UNIT = new float[256]; // byte value -> [0, 1]

    static {
        for (int v = 0; v < 256; v++) {
            TO_UNIT[v] = v / 255f;
        }
    }

    private final String name;
    private final SampleShape shape;
    private final byte[] pixels; // (N, C, H, W)
    private final byte[] labels; // (N)
    private final List<String> classNames;
    private final Normalization normalization;
    private List<java.nio.file.Path> sources = List.of();

    /** Takes ownership of the arrays (no copy): do not change them afterwards. */
    public ByteImageDataset(String name, SampleShape shape, byte[] pixels, byte[] labels, List<String> classNames,
                            Normalization normalization) {
        int n = labels.length;
        if ((long) n * shape.numel() != pixels.length) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes for " + n + " labels of shape "
                    + shape + ", expected " + (long) n * shape.numel());
        }
        if (normalization.channels() != shape.channels()) {
            throw new IllegalArgumentException(name + ": normalization for " + normalization.channels()
                    + " channels, samples have " + shape.channels());
        }
        for (int i = 0; i < n; i++) {
            if ((labels[i] & 0xFF) >= classNames.size()) {
                throw new IllegalArgumentException(name + ": label " + (labels[i] & 0xFF) + " of sample " + i
                        + " out of range, expected 0.." + (classNames.size() - 1));
            }
        }
        this.name = name;
        this.shape = shape;
        this.pixels = pixels;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.normalization = normalization;
    }

    /** Records the files the arrays were read from (see {@link Dataset#sourceFiles}); returns this. */
    public ByteImageDataset withSources(List<java.nio.file.Path> files) {
        this.sources = List.copyOf(files);   // set once by the reader, before the dataset is shared
        return this;
    }

    @Override
    public List<java.nio.file.Path> sourceFiles() {
        return sources;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public SampleShape sampleShape() {
        return shape;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(int index) {
        checkIndex(index);
        return labels[index] & 0xFF;
    }

    @Override
    public Image image(int index) {
        checkIndex(index);
        int numel = shape.numel();
        float[] out = new float[numel];
        int base = index * numel;
        for (int k = 0; k < numel; k++) {
            out[k] = TO_UNIT[pixels[base + k] & 0xFF];
        }
        return new Image(out, shape.channels(), shape.height(), shape.width());
    }

    /** The raw byte value (0..255) of one pixel of sample {@code index}, for tests and tools. */
    public int rawPixel(int index, int c, int y, int x) {
        checkIndex(index);
        return pixels[index * shape.numel() + (c * shape.height() + y) * shape.width() + x] & 0xFF;
    }

    @Override
    public Normalization normalization() {
        return normalization;
    }

    @Override
    public String toString() {
        return name + " " + size() + " x " + shape;
    }
}
