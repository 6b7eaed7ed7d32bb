/*
 * Datasets: the registry. Opens a dataset by name with its train/test splits and default
 * transforms:
 *
 *   DatasetSplits d = Datasets.open("cifar10", DatasetOptions.defaults().withDataDir(dir));
 *   Dataset train = d.train();          // read on first use
 *   Transform aug = d.trainTransform(); // RandomCrop(32, 4) -> HorizontalFlip -> Normalize
 *
 * Names: synthetic, cifar10, cifar100, fashion-mnist, mnist, folder. Where files are looked for is
 * in docs/datasets.md and in CifarLocator / IdxLocator / folderSplit below. To add a dataset, add a
 * name to NAMES and a case to open() (docs/datasets.md walks through it).
 */
package dev.hne.datasets;

import dev.hne.datasets.cifar.CifarLocator;
import dev.hne.datasets.cifar.CifarReader;
import dev.hne.datasets.cifar.CifarVariant;
import dev.hne.datasets.download.Downloader;
import dev.hne.datasets.download.RemoteFile;
import dev.hne.datasets.folder.FolderDataset;
import dev.hne.datasets.idx.IdxFamily;
import dev.hne.datasets.idx.IdxLocator;
import dev.hne.datasets.synthetic.SyntheticDataset;
import dev.hne.datasets.transform.StandardTransforms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

public final class Datasets {

    public static final List<String> NAMES = List.of("synthetic", "cifar10", "cifar100", "fashion-mnist", "mnist", "folder");

    private Datasets() {
    }

    public static DatasetSplits open(String name, DatasetOptions o) {
        String key = name.toLowerCase(Locale.ROOT);
        return switch (key) {
            case "synthetic" -> new DatasetSplits(key,
                    () -> SyntheticDataset.create(o.seed(), true, o.trainSize()),
                    () -> SyntheticDataset.create(o.seed(), false, o.testSize()),
                    StandardTransforms.padCropFlip(32, 4, SyntheticDataset.NORMALIZATION),
                    StandardTransforms.normalizeOnly(SyntheticDataset.NORMALIZATION));
            case "cifar10" -> cifar(CifarVariant.CIFAR10, o);
            case "cifar100" -> cifar(CifarVariant.CIFAR100, o);
            case "fashion-mnist" -> idx(IdxFamily.FASHION_MNIST, o);
            case "mnist" -> idx(IdxFamily.MNIST, o);
            case "folder" -> folder(o);
            default -> throw new DatasetException("unknown dataset '" + name + "', expected one of " + NAMES);
        };
    }

    private static DatasetSplits cifar(CifarVariant v, DatasetOptions o) {
        Path dataDir = DataDirs.resolve(o.dataDir());
        RemoteFile remote = null;
        if (o.download()) {
            RemoteFile official = new RemoteFile(v.url(), v.md5());
            remote = o.mirror() == null ? official : official.onMirror(o.mirror());
        }
        RemoteFile source = remote;
        // Located once, on first use of either split, so one download serves both.
        Path[] folder = new Path[1];
        Supplier<Path> locate = () -> {
            synchronized (folder) {
                if (folder[0] == null) {
                    folder[0] = CifarLocator.locate(dataDir, v, source, Downloader.standard());
                }
                return folder[0];
            }
        };
        Normalization n = v.normalization();
        return new DatasetSplits(v.id(),
                () -> CifarReader.read(locate.get(), v, true, o.coarseLabels()),
                () -> CifarReader.read(locate.get(), v, false, o.coarseLabels()),
                StandardTransforms.cifarTrain(n), StandardTransforms.normalizeOnly(n));
    }

    private static DatasetSplits idx(IdxFamily f, DatasetOptions o) {
        Path dataDir = DataDirs.resolve(o.dataDir());
        Normalization n = f.normalization();
        return new DatasetSplits(f.id(),
                () -> IdxLocator.read(dataDir, f, true),
                () -> IdxLocator.read(dataDir, f, false),
                StandardTransforms.normalizeOnly(n), StandardTransforms.normalizeOnly(n));
    }

    private static DatasetSplits folder(DatasetOptions o) {
        if (o.dataDir() == null) {
            throw new DatasetException("folder: no directory given, expected --data pointing at an image folder"
                    + " (train/ and val/ sub-folders, each with one sub-folder per class)");
        }
        Path root = o.dataDir();
        Normalization n = Normalization.IMAGENET;
        return new DatasetSplits("folder",
                () -> FolderDataset.scan(folderSplit(root, true), "folder/train", n),
                () -> FolderDataset.scan(folderSplit(root, false), "folder/test", n),
                StandardTransforms.imagenetTrain(o.imageSize(), n),
                StandardTransforms.imagenetEval(o.imageSize(), n));
    }

    /**
     * root/train for training and root/val (else root/test) for testing; a root without a train/
     * sub-folder is itself the training set and has no test split.
     */
    static Path folderSplit(Path root, boolean train) {
        if (!Files.isDirectory(root)) {
            throw DatasetException.at(root, "no such directory, expected an image folder");
        }
        Path trainDir = root.resolve("train");
        if (train) {
            return Files.isDirectory(trainDir) ? trainDir : root;
        }
        for (String name : new String[] {"val", "test"}) {
            if (Files.isDirectory(root.resolve(name))) {
                return root.resolve(name);
            }
        }
        throw DatasetException.at(root, "no val/ or test/ sub-folder, expected one for the test split");
    }
}
