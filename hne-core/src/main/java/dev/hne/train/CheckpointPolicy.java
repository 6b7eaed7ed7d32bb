package dev.hne.train;

import dev.hne.report.AtomicFiles;
import dev.hne.report.IoErrors;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which checkpoint files a run keeps in its out folder, and when each is written. Every file is
 * written whole or not at all (a temporary sibling, forced to disk, then renamed), so a run killed
 * at any moment leaves complete files only.
 *
 * <pre>
 *   last.safetensors       after every epoch                     what eval and --resume read
 *   mid-epoch.safetensors  every --checkpoint-every STEPS steps,  removed once the epoch's last.safetensors is
 *                          and on SIGTERM / Ctrl-C                written; --resume prefers it while it is newer
 *   best.safetensors       after an epoch that beat every earlier one on the held-out split ({@link BestEpoch});
 *                          only with --holdout
 *   epoch-0007.safetensors after every epoch with --keep-last K; only the K most recent stay (best.safetensors and
 *                          last.safetensors are files of their own, never removed by it)
 * </pre>
 */
public final class CheckpointPolicy {

    public static final String LAST = "last.safetensors";
    public static final String MID_EPOCH = "mid-epoch.safetensors";
    public static final String BEST = "best.safetensors";
    private static final Pattern EPOCH_FILE = Pattern.compile("epoch-(\\d+)\\.safetensors");

    private final Path out;
    private final int keepLast;
    private final int everySteps;

    /**
     * @param keepLast   epoch checkpoints to keep besides last and best (0 = none written)
     * @param everySteps write a mid-epoch checkpoint after every this many steps of an epoch (0 = never)
     */
    public CheckpointPolicy(Path out, int keepLast, int everySteps) {
        if (keepLast < 0 || everySteps < 0) {
            throw new IllegalArgumentException("keep-last and checkpoint-every must be >= 0, got " + keepLast + ", "
                    + everySteps);
        }
        this.out = out;
        this.keepLast = keepLast;
        this.everySteps = everySteps;
    }

    /** last.safetensors after every epoch, a mid-epoch file only when stopped, no epoch files. */
    public static CheckpointPolicy defaults(Path out) {
        return new CheckpointPolicy(out, 0, 0);
    }

    public Path last() {
        return out.resolve(LAST);
    }

    public Path midEpoch() {
        return out.resolve(MID_EPOCH);
    }

    public Path best() {
        return out.resolve(BEST);
    }

    /** The checkpoint of epoch {@code epoch} (1-based) kept by --keep-last. */
    public Path epochFile(int epoch) {
        return out.resolve(String.format(Locale.ROOT, "epoch-%04d.safetensors", epoch));
    }

    /**
     * The most checkpoint-sized files the folder holds at once: last and the temp file of its next
     * write, a mid-epoch file, best (with a held-out split), and the epoch files.
     */
    public int filesAtMost(boolean withBest) {
        return 3 + (withBest ? 1 : 0) + keepLast;
    }

    /** Whether a mid-epoch checkpoint is due after {@code step} of {@code steps} steps; never at the end (the epoch's own follows). */
    boolean midEpochDue(int step, int steps) {
        return everySteps > 0 && step > 0 && step < steps && step % everySteps == 0;
    }

    /** How a checkpoint of the current state is written to a file (the trainer knows the state). */
    interface Writer {
        void write(Path file) throws IOException;
    }

    /** Writes mid-epoch.safetensors. */
    void saveMidEpoch(Writer writer) {
        Path file = midEpoch();
        IoErrors.doing("write mid-epoch checkpoint", file, () -> writer.write(file));
    }

    /**
     * The end of epoch {@code epochsDone}: writes last.safetensors, copies it to best.safetensors when
     * {@code isBest} and to its epoch file with --keep-last, removes epoch files beyond the K most
     * recent, and the mid-epoch file (last is newer now).
     */
    void afterEpoch(int epochsDone, boolean isBest, Writer writer) {
        Path last = last();
        IoErrors.doing("write checkpoint", last, () -> writer.write(last));
        if (isBest) {
            copy(last, best());
        }
        if (keepLast > 0) {
            copy(last, epochFile(epochsDone));
            removeEpochFilesUpTo(epochsDone - keepLast);
        }
        Path mid = midEpoch();
        IoErrors.doing("remove the finished epoch's", mid, () -> Files.deleteIfExists(mid));
    }

    /**
     * The checkpoint --resume continues from: mid-epoch.safetensors when it is at or after the epoch
     * last.safetensors ends (a stop or --checkpoint-every during the epoch after it), else
     * last.safetensors. A mid-epoch file older than last is what a kill between the end-of-epoch
     * write and the removal leaves; it is ignored.
     *
     * @throws Checkpoints.CheckpointException naming last.safetensors when there is neither
     */
    Checkpoints.Loaded loadForResume() {
        if (!Files.exists(midEpoch())) {
            return Checkpoints.load(last());
        }
        Checkpoints.Loaded mid = Checkpoints.load(midEpoch());
        if (!Files.exists(last())) {
            return mid;
        }
        Checkpoints.Loaded last = Checkpoints.load(last());
        return mid.epoch() >= last.epoch() ? mid : last;
    }

    private void removeEpochFilesUpTo(int epoch) {
        if (epoch < 1) {
            return;
        }
        IoErrors.doing("list old epoch checkpoints in", out, () -> {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(out, "epoch-*.safetensors")) {
                for (Path f : files) {
                    Matcher m = EPOCH_FILE.matcher(f.getFileName().toString());
                    if (m.matches() && Integer.parseInt(m.group(1)) <= epoch) {
                        IoErrors.doing("remove old epoch checkpoint", f, () -> Files.deleteIfExists(f));
                    }
                }
            }
        });
    }

    /** Copies a finished checkpoint atomically: to a temp sibling, forced to disk, renamed over the target. */
    private static void copy(Path from, Path to) {
        Path tmp = AtomicFiles.tempSibling(to, ".tmp");
        IoErrors.doing("write checkpoint", to, () -> {
            try {
                Files.copy(from, tmp);
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                AtomicFiles.replace(tmp, to);
            } finally {
                Files.deleteIfExists(tmp);
            }
        });
    }
}
