package dev.hne.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Files written whole or not at all: the content goes to a hidden temporary sibling
 * ({@code .NAME.<pid>-<random>.tmp}, unique so that two writers never share one), which is then
 * renamed over NAME. A run killed mid-write leaves the old file and a temp file, which
 * {@link #isTemp} recognises so the next run can remove it.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** A unique hidden temp name next to {@code file}, ending in {@code suffix} (".tmp", ".tmp.png"). */
    public static Path tempSibling(Path file, String suffix) {
        return file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + suffix);
    }

    /**
     * Whether {@code name} is a temp file of an interrupted write: ours ({@link #tempSibling}, older
     * {@code .NAME.tmp}), or the checkpoint writer's {@code .last.safetensors.<hex>.tmp}.
     */
    public static boolean isTemp(String name) {
        return name.startsWith(".") && name.length() > 5 && (name.endsWith(".tmp") || name.endsWith(".tmp.png"));
    }

    /** Writes {@code text} (UTF-8) atomically; a failure names the file. */
    public static void writeText(Path file, String text) {
        Path tmp = tempSibling(file, ".tmp");
        IoErrors.doing("write", file, () -> {
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        });
    }

    /** Renames a finished temp file over its target atomically. */
    public static void replace(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
