package dev.hne.train;

import dev.hne.datasets.Dataset;
import dev.hne.datasets.DatasetOptions;
import dev.hne.datasets.DatasetSplits;
import dev.hne.datasets.Datasets;
import dev.hne.datasets.transform.Transform;
import java.nio.file.Path;

/**
 * The two splits a run uses and their transforms. Training and {@code ./hne eval} open the data the
 * same way, so an evaluation of a checkpoint sees exactly the test images the run was scored on:
 * the synthetic set is generated from the run's seed and sizes; other data is cut to the first
 * {@code trainSize} / {@code testSize} images when those are > 0.
 */
public record RunData(Dataset train, Dataset test, Transform trainTransform, Transform evalTransform) {

    /** @throws dev.hne.datasets.DatasetException when the data cannot be found or read */
    public static RunData open(String dataset, Path dataDir, long seed, int trainSize, int testSize) {
        DatasetOptions options = DatasetOptions.defaults().withDataDir(dataDir).withSeed(seed);
        if (dataset.equals("synthetic")) {
            options = options.withSizes(trainSize > 0 ? trainSize : options.trainSize(),
                    testSize > 0 ? testSize : options.testSize());
        }
        DatasetSplits data = Datasets.open(dataset, options);
        return new RunData(Subset.first(data.train(), trainSize), Subset.first(data.test(), testSize),
                data.trainTransform(), data.evalTransform());
    }
}
