/*
 * DatasetSplits: what Datasets.open returns: a dataset's train and test splits with their default
 * transforms.
 *
 * Splits are read on first use and then kept (an eval-only run never reads the 150 MB CIFAR
 * train split); each read failure is a DatasetException and is thrown again on the next call.
 */
package dev.hne.datasets;

import dev.hne.datasets.transform.Transform;
import java.util.function.Supplier;

public final class DatasetSplits {

    private final String name;
    private final Supplier<Dataset> trainSource;
    private final Supplier<Dataset> testSource;
    private final Transform trainTransform;
    private final Transform evalTransform;
    private Dataset train;
    private Dataset test;

    public DatasetSplits(String name, Supplier<Dataset> train, Supplier<Dataset> test, Transform trainTransform,
                         Transform evalTransform) {
        this.name = name;
        this.trainSource = train;
        this.testSource = test;
        this.trainTransform = trainTransform;
        this.evalTransform = evalTransform;
    }

    /** Registry name, e.g. "cifar10". */
    public String name() {
        return name;
    }

    public synchronized Dataset train() {
        if (train == null) {
            train = trainSource.get();
        }
        return train;
    }

    public synchronized Dataset test() {
        if (test == null) {
            test = testSource.get();
        }
        return test;
    }

    /** Augmentation + normalisation for training, e.g. RandomCrop(32, 4) -> HorizontalFlip -> Normalize. */
    public Transform trainTransform() {
        return trainTransform;
    }

    /** Deterministic preprocessing for evaluation, e.g. Normalize only. */
    public Transform evalTransform() {
        return evalTransform;
    }
}
