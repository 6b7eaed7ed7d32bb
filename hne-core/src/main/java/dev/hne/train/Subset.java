package dev.hne.train;

import dev.hne.datasets.Dataset;
import dev.hne.datasets.Image;
import dev.hne.datasets.Normalization;
import dev.hne.datasets.SampleShape;
import java.util.List;

/**
 * A contiguous range of a dataset's samples: the first {@code size} (Fashion-MNIST and CIFAR files
 * are already shuffled), or the last ones (the held-out split).
 */
final class Subset implements Dataset {

    private final Dataset base;
    private final int start;
    private final int size;

    private Subset(Dataset base, int start, int size) {
        this.base = base;
        this.start = start;
        this.size = size;
    }

    /** The first {@code size} samples, or the dataset itself when size is 0 or not smaller. */
    static Dataset first(Dataset base, int size) {
        return size <= 0 || size >= base.size() ? base : new Subset(base, 0, size);
    }

    /** The last {@code size} samples (0 < size <= base.size()). */
    static Dataset last(Dataset base, int size) {
        if (size <= 0 || size > base.size()) {
            throw new IllegalArgumentException("cannot take the last " + size + " of " + base.size() + " samples of "
                    + base.name());
        }
        return new Subset(base, base.size() - size, size);
    }

    @Override
    public String name() {
        return base.name() + "[" + (start == 0 ? "" : start) + ":" + (start + size) + "]";
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public SampleShape sampleShape() {
        return base.sampleShape();
    }

    @Override
    public List<String> classNames() {
        return base.classNames();
    }

    @Override
    public int label(int index) {
        checkIndex(index);
        return base.label(start + index);
    }

    @Override
    public Image image(int index) {
        checkIndex(index);
        return base.image(start + index);
    }

    @Override
    public List<java.nio.file.Path> sourceFiles() {
        return base.sourceFiles();
    }

    @Override
    public Normalization normalization() {
        return base.normalization();
    }

    @Override
    public void read(int index, float[] dst, int offset, boolean normalize) {
        checkIndex(index);
        base.read(start + index, dst, offset, normalize);
    }
}
