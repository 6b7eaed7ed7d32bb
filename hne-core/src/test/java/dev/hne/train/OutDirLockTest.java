package dev.hne.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The out-folder lock across processes: a child JVM ({@link Holder}) takes it, this one is refused
 * with the child's PID; once the child is killed with SIGKILL the OS has dropped its lock and the
 * folder can be locked again, although the lock file is still there.
 */
class OutDirLockTest {

    /** Takes the lock on args[0], says "locked", and holds it until killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            OutDirLock lock = OutDirLock.acquire(Path.of(args[0]));
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(120_000);
            lock.close();
        }
    }

    @Test
    void aSecondProcessIsRefusedWithTheHoldersPidUntilTheHolderDies(@TempDir Path dir) throws Exception {
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Holder.class.getName(), dir.toString()))
                .redirectErrorStream(true).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", r.readLine());
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> OutDirLock.acquire(dir));
            assertEquals("--out " + dir + " is in use by another run, PID " + child.pid() + " (lock "
                    + dir.resolve(OutDirLock.FILE) + "); wait for it to end, stop it, or choose another --out",
                    e.getMessage());
        } finally {
            child.destroyForcibly();   // SIGKILL: no chance to release anything itself
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(Files.exists(dir.resolve(OutDirLock.FILE)));
        try (OutDirLock lock = OutDirLock.acquire(dir)) {
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(dir.resolve(OutDirLock.FILE)));
        }
    }

    @Test
    void aSecondLockFromTheSameProcessIsRefusedAndAReleasedOneCanBeRetaken(@TempDir Path dir) {
        try (OutDirLock first = OutDirLock.acquire(dir)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> OutDirLock.acquire(dir));
            assertTrue(e.getMessage().contains("PID " + ProcessHandle.current().pid()), e.getMessage());
        }
        OutDirLock.acquire(dir).close();
    }
}
