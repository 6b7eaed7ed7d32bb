/*
 * Dataset: a fixed, indexed collection of labelled images. The small interface every source
 * (CIFAR, IDX, folders, synthetic) implements and the DataLoader consumes.
 *
 *   image(i)  -> Image (C, H, W), raw values in [0, 1]
 *   label(i)  -> class index in [0, numClasses)
 *
 * Implementations must be safe to read from several threads at once (the loader's prefetch
 * threads do): keep state immutable after construction, or decode lazily without shared buffers.
 *
 * It is not a loader: no order, batching, augmentation or threads here (see DataLoader, Transform).
 */
package dev.hne.datasets;

import java.util.List;

public interface Dataset {

    /** A short name for messages, e.g. "cifar10/train". */
    String name();

    /** Number of samples. */
    int size();

    /** (C, H, W) of every sample; height/width 0 when images vary in size (folders). */
    SampleShape sampleShape();

    /** Number of classes; labels lie in [0, numClasses). */
    default int numClasses() {
        return classNames().size();
    }

    /** Human-readable class names, index = label. */
    List<String> classNames();

    /** The label of sample {@code index}. */
    int label(int index);

    /** Sample {@code index} as a fresh Image with raw values in [0, 1]; the caller owns it. */
    Image image(int index);

    /** The per-channel constants a Normalize transform should use for this data. */
    Normalization normalization();

    /**
     * Reads sample {@code index} into {@code dst} at {@code offset}: C*H*W floats, (C, H, W) order.
     * Raw [0, 1] values, or normalised with {@link #normalization()} when {@code normalize} is set.
     * Needs a fixed sample shape.
     */
    default void read(int index, float[] dst, int offset, boolean normalize) {
        Image img = image(index);
        float[] src = img.data();
        System.arraycopy(src, 0, dst, offset, src.length);
        if (normalize) {
            normalization().applyInPlace(dst, offset, img.channels(), img.height() * img.width());
        }
    }

    /**
     * The files this dataset's samples were read from (for the run's record of its data: path,
     * size, checksum); empty when the samples are generated (synthetic).
     */
    default List<java.nio.file.Path> sourceFiles() {
        return List.of();
    }

    /** Checks an index and says which dataset it was out of range for. */
    default void checkIndex(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("sample " + index + " out of range for " + name() + " of size " + size());
        }
    }
}
