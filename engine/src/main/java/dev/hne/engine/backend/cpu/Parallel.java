package dev.hne.engine.backend.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The CPU backend's thread pool: one worker per core (or {@code -Dhne.threads=N}), used through
 * {@link #forRange}. A call made from inside a worker runs inline, so kernels may nest without
 * deadlock or oversubscription.
 */
public final class Parallel {

    /** The body of a parallel loop: handles indices [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final int THREADS = Integer.getInteger("hne.threads", Runtime.getRuntime().availableProcessors());
    private static final ForkJoinPool POOL = new ForkJoinPool(Math.max(1, THREADS));

    private Parallel() {}

    public static int threads() {
        return THREADS;
    }

    /** Splits [0, n) into at most {@link #threads()} contiguous chunks and runs them concurrently. */
    public static void forRange(int n, RangeBody body) {
        forRange(n, 1, body);
    }

    /**
     * As {@link #forRange(int, RangeBody)} but never makes a chunk smaller than {@code minChunk}
     * items, so tiny loops are not split into tasks that cost more than they save.
     */
    public static void forRange(int n, int minChunk, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int chunks = Math.min(THREADS, Math.max(1, n / Math.max(1, minChunk)));
        if (chunks == 1 || ForkJoinTask.inForkJoinPool()) {
            body.run(0, n);
            return;
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(chunks - 1);
        AtomicBoolean[] claimed = new AtomicBoolean[chunks];
        for (int c = 1; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            AtomicBoolean mine = claimed[c] = new AtomicBoolean();
            tasks.add(POOL.submit(() -> {
                if (mine.compareAndSet(false, true)) body.run(from, to);
            }));
        }
        body.run(0, (int) ((long) n / chunks));   // the caller does the first chunk itself
        // A chunk whose worker has not started yet (on a busy machine a woken worker can wait
        // milliseconds for a core) is run here instead of waited for: the same ranges either way,
        // so the results do not depend on who ran what. Measured: batch-1 inference, where each op
        // is a few microseconds of work, spent most of its time waiting for workers to start.
        for (int c = 1; c < chunks; c++) {
            if (claimed[c].compareAndSet(false, true)) {
                body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
            } else {
                tasks.get(c - 1).join();
            }
        }
    }
}
