package dev.hne.train;

import dev.hne.engine.Tensor;
import dev.hne.report.AtomicFiles;
import dev.hne.report.IoErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Checks on a run's output folder made BEFORE training, so that a folder that cannot take the
 * checkpoint is found in a second, not after the first epoch (hours with the CIFAR recipe): it
 * must exist or be creatable, accept a file, and have room for a checkpoint being written next to
 * the previous one (the atomic write keeps both until the rename). A run that was killed mid-write
 * left a temp file there; {@link #removeTemps} clears those on the next start.
 */
public final class OutDir {

    /** Room kept for the report's CSVs, JSON, plots and log on top of the checkpoints. */
    static final long REPORT_BYTES = 4L << 20;

    private OutDir() {}

    /** Creates {@code dir} if needed and writes and deletes a probe file in it. */
    public static void checkWritable(Path dir) {
        IoErrors.doing("create the --out folder", dir, () -> Files.createDirectories(dir));
        Path probe = dir.resolve(".write-probe." + ProcessHandle.current().pid() + ".tmp");
        IoErrors.doing("write in the --out folder", dir, () -> {
            Files.write(probe, new byte[] {1});
            Files.delete(probe);
        });
    }

    /** The bytes one checkpoint of {@code model} takes: its state dict and one velocity per parameter. */
    public static long checkpointBytes(TrainableModel model) {
        long floats = 0;
        for (Tensor t : model.module().stateDict().values()) floats += t.size();
        floats += model.module().parameterCount();
        return 4 * floats + (1L << 20);   // float32 data, and a generous header and history
    }

    /** Refuses a folder without room for {@code checkpoints} checkpoints of {@code checkpointBytes} each. */
    public static void checkSpace(Path dir, long checkpointBytes, int checkpoints) {
        long usable;
        try {
            usable = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw IoErrors.describe("measure the free space of", dir, e);
        }
        checkSpace(dir, checkpointBytes, checkpoints, usable);
    }

    static void checkSpace(Path dir, long checkpointBytes, int checkpoints, long usable) {
        long needed = checkpointBytes * checkpoints + REPORT_BYTES;
        if (usable < needed) {
            throw new UncheckedIOException(String.format(Locale.ROOT,
                    "--out %s: only %.1f MB free, but the run needs about %.1f MB (%d checkpoints of %.1f MB and the "
                            + "report); free some space or choose another --out", dir, usable / 1e6, needed / 1e6,
                    checkpoints, checkpointBytes / 1e6), new IOException("no space"));
        }
    }

    /**
     * Deletes the temp files of interrupted atomic writes in {@code dir} ({@link AtomicFiles#isTemp}:
     * {@code .last.safetensors.<hex>.tmp}, {@code .summary.json.<pid>-<hex>.tmp}, {@code .per-model.png.*.tmp.png})
     * and returns them. Call it only while holding the folder's {@link OutDirLock}: a running
     * writer's temp file looks the same.
     */
    public static List<Path> removeTemps(Path dir) {
        List<Path> temps;
        try (Stream<Path> files = Files.list(dir)) {
            temps = files.filter(f -> AtomicFiles.isTemp(f.getFileName().toString()) && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            throw IoErrors.describe("list the --out folder", dir, e);
        }
        List<Path> removed = new ArrayList<>();
        for (Path t : temps) {
            IoErrors.doing("remove the leftover temp file", t, () -> Files.deleteIfExists(t));
            removed.add(t);
        }
        return removed;
    }
}
