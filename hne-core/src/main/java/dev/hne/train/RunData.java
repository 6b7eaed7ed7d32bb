package dev.hne.train;

import dev.hne.datasets.Dataset;
import dev.hne.datasets.DatasetOptions;
import dev.hne.datasets.DatasetSplits;
import dev.hne.datasets.Datasets;
import dev.hne.datasets.transform.Transform;
import java.nio.file.Path;

/**
 * The splits a run uses and their transforms. Training and {@code ./hne eval} open the data the
 * same way, so an evaluation of a checkpoint sees exactly the test images the run was scored on:
 * the synthetic set is generated from the run's seed and sizes; other data is cut to the first
 * {@code trainSize} / {@code testSize} images when those are > 0.
 *
 * <p>The held-out split ({@code --holdout H}, docs/anytime.md) is the LAST H images of the training
 * file, never the test set and never trained on: training uses the first {@code trainSize} images
 * (or, when trainSize is 0, all but the last H), so the two cannot overlap. Early-exit policies are
 * calibrated on it; {@code holdout} is null when the run has none.
 */
public record RunData(Dataset train, Dataset test, Transform trainTransform, Transform evalTransform,
                      Dataset holdout) {

    /** @throws dev.hne.datasets.DatasetException when the data cannot be found or read */
    public static RunData open(String dataset, Path dataDir, long seed, int trainSize, int testSize) {
        return open(dataset, dataDir, seed, trainSize, testSize, 0);
    }

    /**
     * @throws IllegalArgumentException when the training file has fewer than trainSize + holdout images
     * @throws dev.hne.datasets.DatasetException when the data cannot be found or read
     */
    public static RunData open(String dataset, Path dataDir, long seed, int trainSize, int testSize, int holdout) {
        if (holdout < 0) {
            throw new IllegalArgumentException("--holdout must be >= 0, got " + holdout);
        }
        DatasetOptions options = DatasetOptions.defaults().withDataDir(dataDir).withSeed(seed);
        if (dataset.equals("synthetic")) {
            int train = trainSize > 0 ? trainSize + holdout : options.trainSize();
            options = options.withSizes(train, testSize > 0 ? testSize : options.testSize());
        }
        DatasetSplits data = Datasets.open(dataset, options);
        Dataset full = data.train();
        Dataset train = Subset.first(full, trainSize);
        Dataset held = null;
        if (holdout > 0) {
            int used = trainSize > 0 ? trainSize : full.size() - holdout;
            if (used <= 0 || used + holdout > full.size()) {
                throw new IllegalArgumentException("--holdout " + holdout + ": " + full.name() + " has " + full.size()
                        + " training images, not enough for " + (trainSize > 0 ? trainSize + " to train on and " : "")
                        + holdout + " held out");
            }
            train = Subset.first(full, used);
            held = Subset.last(full, holdout);
        }
        return new RunData(train, Subset.first(data.test(), testSize), data.trainTransform(), data.evalTransform(),
                held);
    }
}
