/*
 * IdxLocator: finds the four MNIST-format files of a split and reads them.
 *
 * Files: train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,
 * t10k-labels-idx1-ubyte, each plain or with .gz. Folders, in order: <dataDir>/<subfolder> for each
 * of the family's subfolders, <dataDir> itself, then system folders such as
 * /usr/share/datasets/fashion-mnist/. The first folder holding both files of the split wins.
 * There is no download: MNIST mirrors come and go; put the files in one of these places.
 */
package dev.hne.datasets.idx;

import dev.hne.datasets.ByteImageDataset;
import dev.hne.datasets.DatasetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public final class IdxLocator {

    private IdxLocator() {
    }

    /** Folders searched, best first. */
    public static List<Path> candidates(Path dataDir, IdxFamily family) {
        List<Path> out = new ArrayList<>();
        for (String sub : family.subfolders()) {
            out.add(dataDir.resolve(sub));
        }
        out.add(dataDir);
        out.addAll(family.systemFolders());
        return out;
    }

    /** Reads the train or test split of {@code family} from the first folder that has it. */
    public static ByteImageDataset read(Path dataDir, IdxFamily family, boolean train) {
        String prefix = train ? "train" : "t10k";
        for (Path dir : candidates(dataDir, family)) {
            Path images = existing(dir, prefix + "-images-idx3-ubyte");
            Path labels = existing(dir, prefix + "-labels-idx1-ubyte");
            if (images != null && labels != null) {
                return IdxReader.read(family.id() + "/" + (train ? "train" : "test"), images, labels,
                        family.classNames(), family.normalization());
            }
        }
        throw new DatasetException(family.id() + " not found: no " + prefix + "-images-idx3-ubyte[.gz] with "
                + prefix + "-labels-idx1-ubyte[.gz] in any of " + candidates(dataDir, family)
                + "; put the IDX files in one of them or point --data / HNE_DATA at their folder"
                + (family == IdxFamily.FASHION_MNIST ? " (on Debian/Ubuntu: apt-get install dataset-fashion-mnist)" : ""));
    }

    private static Path existing(Path dir, String base) {
        for (String name : new String[] {base + ".gz", base}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
