package dev.hne.engine.backend.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A CPU backend's thread pool, used through {@link #forRange}: an object, not a global, so two
 * backends with different thread counts can live in one JVM (the thread-count tests build them
 * side by side). A call made from inside a worker runs inline, so kernels may nest without deadlock
 * or oversubscription.
 *
 * <p>Only WHO computes a chunk may depend on the thread count, never WHAT a chunk is where the
 * chunks are summed: a kernel that reduces across chunks (conv backward-filter over the batch) cuts
 * them by the problem size, so results are bit-identical for every thread count (docs/training.md).
 */
public final class Parallel {

    /** The body of a parallel loop: handles indices [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int threads;
    private final ForkJoinPool pool;   // null with one thread: everything runs on the caller
    private final Set<Thread> liveWorkers = ConcurrentHashMap.newKeySet();
    private final LongAdder finishedWorkersCpuNanos = new LongAdder();

    /** A pool of {@code threads} workers (the caller counts as one of them). */
    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads, Worker::new, null, false);
    }

    /**
     * CPU nanoseconds this pool's worker threads have run so far (0 with one thread, or where the JVM
     * cannot measure thread CPU time): with the calling thread's own CPU time, what a computation
     * cost, without the JIT compiler's and the garbage collector's threads that the process's CPU
     * time also counts. A worker that retires (idle for a minute) adds its total as it goes.
     */
    public long workersCpuNanos() {
        long nanos = finishedWorkersCpuNanos.sum();
        for (Thread t : liveWorkers) nanos += Math.max(0, THREADS.getThreadCpuTime(t.getId()));
        return nanos;
    }

    /** A pool thread that is counted in {@link #workersCpuNanos} while it lives and after. */
    private final class Worker extends ForkJoinWorkerThread {
        Worker(ForkJoinPool pool) {
            super(pool);
            setName("hne-cpu-" + getPoolIndex());
        }

        @Override
        protected void onStart() {
            super.onStart();
            liveWorkers.add(this);
        }

        @Override
        protected void onTermination(Throwable exception) {
            finishedWorkersCpuNanos.add(Math.max(0, THREADS.getCurrentThreadCpuTime()));
            liveWorkers.remove(this);
            super.onTermination(exception);
        }
    }

    public int threads() {
        return threads;
    }

    /**
     * Work (multiply-adds, or elements touched) below which an op is not worth forking: waking a
     * worker and joining it costs tens of microseconds on a loaded machine, and a single core does
     * about 2^20 multiply-adds in that time. Measured at batch-1 inference, where most ops are a few
     * microseconds: a fork-join round trip per op was ~30% of the profile (docs/performance.md).
     */
    static final long FORK_MIN_WORK = 1L << 20;

    /**
     * Whether an op of this much work should be spread over the pool. Only who computes may follow
     * this answer, never how the arithmetic is cut, so results stay the same either way.
     */
    public boolean worthForking(long work) {
        return threads > 1 && work >= FORK_MIN_WORK;
    }

    /** Splits [0, n) into at most {@link #threads()} contiguous chunks and runs them concurrently. */
    public void forRange(int n, RangeBody body) {
        forRange(n, 1, body);
    }

    /**
     * As {@link #forRange(int, RangeBody)} but never makes a chunk smaller than {@code minChunk}
     * items, so tiny loops are not split into tasks that cost more than they save.
     */
    public void forRange(int n, int minChunk, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int chunks = Math.min(threads, Math.max(1, n / Math.max(1, minChunk)));
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
            tasks.add(pool.submit(() -> {
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
