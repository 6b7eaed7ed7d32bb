/*
 * TarGz: unpack a .tar.gz archive into a directory (Apache commons-compress reads the tar layer,
 * java.util.zip the gzip layer).
 *
 * Refuses entries that would land outside the target directory ("../" or absolute names), and
 * reports a truncated or corrupt archive as a DatasetException naming it. Links and devices are
 * skipped: the archives we unpack contain plain files and folders only.
 */
package dev.hne.datasets.download;

import dev.hne.datasets.DatasetException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

public final class TarGz {

    private TarGz() {
    }

    /** Extracts {@code archive} into {@code dir} (created if needed); returns the number of files. */
    public static int extract(Path archive, Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        int files = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw, 1 << 16))) {
            Files.createDirectories(root);
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                Path out = root.resolve(e.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw DatasetException.at(archive, "entry '" + e.getName() + "' points outside " + root
                            + ", expected relative paths");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isFile()) {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    files++;
                }
            }
        } catch (IOException e) {
            throw DatasetException.at(archive, "corrupt or truncated archive (" + e.getMessage()
                    + "), expected a complete .tar.gz", e);
        }
        return files;
    }
}
