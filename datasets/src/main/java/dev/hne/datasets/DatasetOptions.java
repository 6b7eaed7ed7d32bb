/*
 * DatasetOptions: everything Datasets.open needs besides the name. A record with withers:
 *
 *   DatasetOptions.defaults().withDataDir(Path.of("/data")).withDownload(false)
 *
 *   dataDir      explicit data directory (--data); null = HNE_DATA, else ~/.cache/hne (see DataDirs).
 *                For "folder" it is the image folder itself.
 *   download     fetch CIFAR archives when not found (default true)
 *   mirror       base URI to download archives from instead of the official host (null = official);
 *                the official MD5 is still required
 *   seed, trainSize, testSize   the synthetic set (defaults 0, 10,000, 2,000)
 *   coarseLabels CIFAR-100's 20 superclasses instead of the 100 classes
 *   imageSize    folder crops: RandomResizedCrop(imageSize) to train, Resize(imageSize * 256 / 224)
 *                + CenterCrop(imageSize) to evaluate (default 224)
 */
package dev.hne.datasets;

import dev.hne.datasets.synthetic.SyntheticDataset;
import java.net.URI;
import java.nio.file.Path;

public record DatasetOptions(Path dataDir, boolean download, URI mirror, long seed, int trainSize, int testSize,
                             boolean coarseLabels, int imageSize) {

    public DatasetOptions {
        if (trainSize <= 0 || testSize <= 0 || imageSize <= 0) {
            throw new IllegalArgumentException("trainSize, testSize and imageSize must be > 0");
        }
    }

    public static DatasetOptions defaults() {
        return new DatasetOptions(null, true, null, 0L, SyntheticDataset.DEFAULT_TRAIN_SIZE,
                SyntheticDataset.DEFAULT_TEST_SIZE, false, 224);
    }

    public DatasetOptions withDataDir(Path dataDir) {
        return new DatasetOptions(dataDir, download, mirror, seed, trainSize, testSize, coarseLabels, imageSize);
    }

    public DatasetOptions withDownload(boolean download) {
        return new DatasetOptions(dataDir, download, mirror, seed, trainSize, testSize, coarseLabels, imageSize);
    }

    public DatasetOptions withMirror(URI mirror) {
        return new DatasetOptions(dataDir, download, mirror, seed, trainSize, testSize, coarseLabels, imageSize);
    }

    public DatasetOptions withSeed(long seed) {
        return new DatasetOptions(dataDir, download, mirror, seed, trainSize, testSize, coarseLabels, imageSize);
    }

    public DatasetOptions withSizes(int trainSize, int testSize) {
        return new DatasetOptions(dataDir, download, mirror, seed, trainSize, testSize, coarseLabels, imageSize);
    }

    public DatasetOptions withCoarseLabels(boolean coarseLabels) {
        return new DatasetOptions(dataDir, download, mirror, seed, trainSize, testSize, coarseLabels, imageSize);
    }

    public DatasetOptions withImageSize(int imageSize) {
        return new DatasetOptions(dataDir, download, mirror, seed, trainSize, testSize, coarseLabels, imageSize);
    }
}
