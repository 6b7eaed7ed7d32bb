/*
 * SyntheticDataset: the built-in data set, generated from a seed with no files: 10 classes of
 * 32 x 32 RGB shapes and textures (see SyntheticImages). What ./hne demo and many tests use.
 *
 * Sample i of a split is the same bytes whatever the thread, size or order of generation; the
 * train and test splits are drawn from different streams. The whole split is generated at
 * construction (in parallel, about 0.1 s per 10,000 images on one core) into a ByteImageDataset.
 *
 * Normalisation: fixed constants, measured on the default train split (seed 0, 10,000 images);
 * SyntheticDatasetTest re-measures them.
 */
package dev.hne.datasets.synthetic;

import dev.hne.datasets.ByteImageDataset;
import dev.hne.datasets.Normalization;
import dev.hne.datasets.SampleShape;
import java.util.List;
import java.util.stream.IntStream;

public final class SyntheticDataset {

    public static final int DEFAULT_TRAIN_SIZE = 10_000;
    public static final int DEFAULT_TEST_SIZE = 2_000;

    public static final List<String> CLASS_NAMES = List.of("disk", "square", "triangle", "plus", "ring",
            "horizontal-stripes", "vertical-stripes", "diagonal-stripes", "checkerboard", "ellipse");

    public static final Normalization NORMALIZATION = new Normalization(
            new float[] {0.500f, 0.498f, 0.496f}, new float[] {0.302f, 0.303f, 0.299f});

    private SyntheticDataset() {
    }

    /** Split {@code train} (true) or test of {@code size} images generated from {@code seed}. */
    public static ByteImageDataset create(long seed, boolean train, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("synthetic split size must be > 0, got " + size);
        }
        int split = train ? 0 : 1;
        byte[] pixels = new byte[size * SyntheticImages.PIXELS]; // (N, 3, 32, 32)
        byte[] labels = new byte[size];
        IntStream.range(0, size).parallel().forEach(i -> {
            SyntheticImages.draw(seed, split, i, pixels, i * SyntheticImages.PIXELS);
            labels[i] = (byte) SyntheticImages.label(i);
        });
        String name = "synthetic/" + (train ? "train" : "test");
        return new ByteImageDataset(name, SampleShape.of(3, SyntheticImages.SIZE, SyntheticImages.SIZE), pixels, labels,
                CLASS_NAMES, NORMALIZATION);
    }
}
