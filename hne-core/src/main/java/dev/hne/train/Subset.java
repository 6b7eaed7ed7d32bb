package dev.hne.train;

import dev.hne.datasets.Dataset;
import dev.hne.datasets.Image;
import dev.hne.datasets.Normalization;
import dev.hne.datasets.SampleShape;
import java.util.List;

/** The first {@code size} samples of a dataset (Fashion-MNIST and CIFAR files are already shuffled). */
final class Subset implements Dataset {

    private final Dataset base;
    private final int size;

    private Subset(Dataset base, int size) {
        this.base = base;
        this.size = size;
    }

    /** The first {@code size} samples, or the dataset itself when size is 0 or not smaller. */
    static Dataset first(Dataset base, int size) {
        return size <= 0 || size >= base.size() ? base : new Subset(base, size);
    }

    @Override
    public String name() {
        return base.name() + "[:" + size + "]";
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
        return base.label(index);
    }

    @Override
    public Image image(int index) {
        checkIndex(index);
        return base.image(index);
    }

    @Override
    public Normalization normalization() {
        return base.normalization();
    }

    @Override
    public void read(int index, float[] dst, int offset, boolean normalize) {
        checkIndex(index);
        base.read(index, dst, offset, normalize);
    }
}
