package dev.hne.engine.backend.cuda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which file the dynamic loader really mapped for a library, read from {@code /proc/self/maps}
 * (Linux): the truth about "which libcudnn.so.9 did we get", whatever the search paths said. Lines
 * there end with the mapped file's path, symbolic links already resolved.
 */
final class LoadedLibraries {

    private LoadedLibraries() {}

    /** The mapped file of {@code soname} ("libcudnn.so.9" also matches "libcudnn.so.9.1.0"), if any. */
    static Optional<Path> mapped(String soname) {
        return find(soname, maps());
    }

    static Optional<Path> find(String soname, List<String> mapLines) {
        for (String line : mapLines) {
            int slash = line.indexOf('/');
            if (slash < 0) continue;
            Path file = Path.of(line.substring(slash).trim());
            if (matches(file.getFileName().toString(), soname)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /** "libcudnn.so.9" is matched by itself and by longer versions of it, not by "libcudnn_ops.so.9". */
    static boolean matches(String fileName, String soname) {
        return fileName.equals(soname) || fileName.startsWith(soname + ".");
    }

    /** "9.1.0" of libcudnn.so.9.1.0; empty for a file named just by its soname (pip wheels' style). */
    static String fileVersion(Path file, String soname) {
        String name = file.getFileName().toString();
        int at = name.indexOf(".so.");
        return at < 0 || name.equals(soname) ? "" : name.substring(at + 4);
    }

    private static List<String> maps() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps"));
        } catch (IOException | SecurityException e) {
            return List.of();   // not Linux, or not readable: nothing to report
        }
    }
}
