package dev.hne.train;

import dev.hne.report.IoErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One run per output folder: an exclusive lock ({@link FileChannel#tryLock}) on {@code <out>/.lock},
 * held until the run ends. Two runs on one {@code --out} would otherwise overwrite each other's
 * checkpoint and report. The file holds the holder's PID, so the second run can say whom it waits
 * for. The operating system drops the lock when its process dies, even by SIGKILL, so a killed run
 * never leaves a folder locked; the file itself stays (deleting it on close would let a third run
 * lock a fresh file while a second still locks the old one).
 */
public final class OutDirLock implements AutoCloseable {

    public static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private OutDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} (which must exist) and writes this process's PID into the lock file.
     *
     * @throws UncheckedIOException with one line naming the holder's PID when another run holds it
     */
    public static OutDirLock acquire(Path dir) {
        Path file = dir.resolve(FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        } catch (IOException e) {
            throw IoErrors.describe("open the lock file", file, e);
        }
        try {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw inUse(dir, file);
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            channel.force(false);
            return new OutDirLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            close(channel);
            if (e instanceof IOException io) {
                throw IoErrors.describe("lock", file, io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The lock, or null when another process holds it; a second lock from this JVM counts as held. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static UncheckedIOException inUse(Path dir, Path file) {
        String holder;
        try {
            String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
            holder = pid.isEmpty() ? "another run (PID not yet written)" : "another run, PID " + pid;
        } catch (IOException e) {
            holder = "another run";
        }
        return new UncheckedIOException("--out " + dir + " is in use by " + holder + " (lock " + file
                + "); wait for it to end, stop it, or choose another --out", new IOException("locked"));
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was locked through it, so nothing is left to release
        }
    }

    /** Releases the lock (closing the channel releases it too; both for clarity). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel's close below releases it anyway
        }
        close(channel);
    }
}
