package dev.hne.train;

import java.nio.file.Path;

/**
 * Which images a run reads, and how many threads build its batches.
 *
 * @param dataset   synthetic, cifar10, cifar100, fashion-mnist, mnist or folder (lower case)
 * @param dir       the data directory; null = $HNE_DATA, else ~/.cache/hne (docs/datasets.md)
 * @param trainSize use the first trainSize training images (0 = all); for synthetic data, its size
 * @param testSize  use the first testSize test images (0 = all)
 * @param holdout   keep the LAST holdout images of the training file out of training: the held-out
 *                  split that early-exit policies are calibrated on (docs/anytime.md); 0 = none
 * @param workers   loader threads (0 = the training thread builds the batches); results do not depend on it
 */
public record DataConfig(String dataset, Path dir, int trainSize, int testSize, int holdout, int workers) {

    public DataConfig {
        SettingChecks.atLeast("--train-size", trainSize, 0);
        SettingChecks.atLeast("--test-size", testSize, 0);
        SettingChecks.atLeast("--holdout", holdout, 0);
        SettingChecks.atLeast("--workers", workers, 0);
    }

    /** The first trainSize / testSize images of a dataset in the default directory, none held out, no loader threads. */
    public static DataConfig of(String dataset, int trainSize, int testSize) {
        return new DataConfig(dataset, null, trainSize, testSize, 0, 0);
    }
}
