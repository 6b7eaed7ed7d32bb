/*
 * CifarLocator: finds the CIFAR binary folder under a data directory, or downloads and unpacks the
 * official archive there when allowed.
 *
 * Looked for, in order:  <dataDir>/cifar-10-batches-bin/ (or cifar-100-binary/), then <dataDir>/
 * itself. When neither holds the files and a RemoteFile is given: download it into <dataDir>,
 * verify its MD5, unpack it into a temporary folder, move the data folder into place, delete the
 * archive. When that fails too, one DatasetException says where it looked and why the download
 * failed, and how to put the files there by hand.
 */
package dev.hne.datasets.cifar;

import dev.hne.datasets.DatasetException;
import dev.hne.datasets.download.Downloader;
import dev.hne.datasets.download.RemoteFile;
import dev.hne.datasets.download.TarGz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

public final class CifarLocator {

    private CifarLocator() {
    }

    /** Places checked for the folder, best first. */
    public static List<Path> candidates(Path dataDir, CifarVariant variant) {
        return List.of(dataDir.resolve(variant.folder()), dataDir);
    }

    /** A folder holding the variant's files, or null. */
    public static Path find(Path dataDir, CifarVariant variant) {
        for (Path p : candidates(dataDir, variant)) {
            if (Files.isRegularFile(p.resolve(variant.files(true).get(0)))
                    && Files.isRegularFile(p.resolve(variant.files(false).get(0)))) {
                return p;
            }
        }
        return null;
    }

    /**
     * The folder with the variant's files: found under {@code dataDir}, else downloaded from
     * {@code remote} (null: do not download).
     */
    public static Path locate(Path dataDir, CifarVariant variant, RemoteFile remote, Downloader downloader) {
        Path found = find(dataDir, variant);
        if (found != null) {
            return found;
        }
        String looked = "looked in " + candidates(dataDir, variant);
        String manual = "download " + variant.archiveName() + " from " + variant.url() + " and unpack it in "
                + dataDir + ", or point --data / HNE_DATA at the directory holding " + variant.folder();
        if (remote == null) {
            throw new DatasetException(variant.id() + " not found (" + looked + "; downloading is off): " + manual);
        }
        try {
            return downloadAndUnpack(dataDir, variant, remote, downloader);
        } catch (DatasetException e) {
            throw new DatasetException(variant.id() + " not found (" + looked + ") and the download failed: "
                    + e.getMessage() + ". To fix: " + manual, e);
        }
    }

    private static Path downloadAndUnpack(Path dataDir, CifarVariant variant, RemoteFile remote, Downloader downloader) {
        Path archive = downloader.fetch(remote, dataDir);
        Path target = dataDir.resolve(variant.folder());
        Path tmp;
        try {
            tmp = Files.createTempDirectory(dataDir, ".unpack-" + variant.id() + "-");
        } catch (IOException e) {
            throw DatasetException.at(dataDir, "cannot create a temporary folder: " + e.getMessage(), e);
        }
        try {
            TarGz.extract(archive, tmp);
            Path unpacked = tmp.resolve(variant.folder());
            if (!Files.isDirectory(unpacked)) {
                throw DatasetException.at(archive, "has no folder " + variant.folder() + "/, expected the official "
                        + variant.archiveName());
            }
            if (Files.exists(target)) {
                throw DatasetException.at(target, "exists but lacks the " + variant.id()
                        + " files; remove it or complete it by hand");
            }
            Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(archive); // the unpacked folder is what we keep
        } catch (IOException e) {
            throw DatasetException.at(target, "cannot move the unpacked files into place: " + e.getMessage(), e);
        } finally {
            deleteTree(tmp);
        }
        if (find(dataDir, variant) == null) {
            throw DatasetException.at(target, "the archive lacks " + variant.files(true).get(0) + " or "
                    + variant.files(false).get(0));
        }
        return target;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover temp folder is harmless
                }
            });
        } catch (IOException ignored) {
            // the folder is already gone
        }
    }
}
