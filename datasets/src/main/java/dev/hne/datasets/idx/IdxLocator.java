/*
 * IdxLocator: finds the four MNIST-format files of a split and reads them.
 *
 * Files: train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,
 * t10k-labels-idx1-ubyte, each plain or with .gz. Folders, in order: <dataDir>/<subfolder> for each
 * of the family's subfolders, <dataDir> itself, then system folders such as
 * /usr/share/datasets/fashion-mnist/. The first folder holding any of the four files is THE folder:
 * both splits are read from it, and a file missing there is an error (no mixing of two copies).
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

    /**
     * Reads the train or test split of {@code family} from THE folder of the family: the first
     * candidate holding any of its four files. Both splits come from that one folder, so a folder
     * missing a file is an error naming it, never a silent fall-back to another copy (a test split
     * from /usr/share next to a training split from --data would mix two datasets).
     */
    public static ByteImageDataset read(Path dataDir, IdxFamily family, boolean train) {
        String prefix = train ? "train" : "t10k";
        Path dir = locate(dataDir, family);
        Path images = existing(dir, prefix + "-images-idx3-ubyte");
        Path labels = existing(dir, prefix + "-labels-idx1-ubyte");
        if (images == null || labels == null) {
            throw DatasetException.at(dir, "has " + family.id() + " files but no " + prefix
                    + (images == null ? "-images-idx3-ubyte[.gz]" : "-labels-idx1-ubyte[.gz]")
                    + "; every split is read from this one folder, so put the missing file here (or point --data elsewhere)");
        }
        return IdxReader.read(family.id() + "/" + (train ? "train" : "test"), images, labels, family.classNames(),
                family.normalization());
    }

    /** The first candidate folder holding any of the family's four files. */
    public static Path locate(Path dataDir, IdxFamily family) {
        for (Path dir : candidates(dataDir, family)) {
            for (String base : FILES) {
                if (existing(dir, base) != null) {
                    return dir;
                }
            }
        }
        throw new DatasetException(family.id() + " not found: no train-images-idx3-ubyte[.gz] and the other IDX files"
                + " in any of " + candidates(dataDir, family)
                + "; put the IDX files in one of them or point --data / HNE_DATA at their folder"
                + (family == IdxFamily.FASHION_MNIST ? " (on Debian/Ubuntu: apt-get install dataset-fashion-mnist)" : ""));
    }

    private static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

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
