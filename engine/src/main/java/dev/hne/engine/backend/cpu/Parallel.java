package dev.hne.engine.backend.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A CPU backend's thread pool, used through {@link #forRange}: an object, not a global, so two
 * backends with different thread counts can live in one JVM (the thread-count tests build them
 * side by side). A call made from inside a worker runs inline, so kernels may nest without deadlock
 * or oversubscription.
 *
 * <p>Only WHO computes a chunk may depend on the thread count, never WHAT a chunk is where the
 * chunks are summed: a kernel that reduces across chunks (conv backward-filter over the batch) cuts
 * them by the problem size, so results are bit-identical for every thread count (docs/training.md).
 *
 * <p>How a loop is shared, and why not a {@link java.util.concurrent.ForkJoinPool}:
 * <pre>
 *   caller                                   each worker (threads - 1 of them)
 *   publish job (body, n, chunks); generation++     spin on generation for SPIN_NANOS, then park
 *   unpark the workers that parked            on a new generation: take chunks until none are left
 *   take chunks until none are left           (worker w first those of block w + 1, see Job.work)
 *   (first those of block 0)
 *   spin until every taken chunk is done
 * </pre>
 * At batch-1 inference most ops are 10-100 microseconds of work. A fork-join round trip parks the
 * idle worker and, in {@code join}, the caller; on this 2-core VM waking a parked thread took tens
 * of microseconds, so two threads ran a 31-microsecond convolution in 51 (docs/performance.md,
 * "Batch 1: a pool that polls"). Here a worker that finished a job keeps polling for the next one
 * for a while, as ONNX Runtime's and OpenMP's pools do, and the caller polls for the chunks it did
 * not run; both park only after SPIN_NANOS without work, so an idle engine costs no CPU.
 */
public final class Parallel {

    /** The body of a parallel loop: handles indices [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /**
     * How long a worker polls for the next job before it parks: longer than the gaps between the
     * forked ops of a forward pass (the small ops between them run on the caller), short enough that
     * an idle engine gives its cores back at once.
     */
    static final long SPIN_NANOS = 200_000;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Stops the workers of a Parallel that is no longer reachable (tests build many). */
    private static final Cleaner CLEANER = Cleaner.create();

    private final int threads;
    private final Pool pool;   // what the workers share; they do not hold this object, so it can be collected

    /** A pool of {@code threads} workers (the caller counts as one of them). */
    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.pool = new Pool(threads - 1);
        CLEANER.register(this, pool::close);
    }

    /**
     * CPU nanoseconds this pool's worker threads have run so far (0 with one thread, or where the JVM
     * cannot measure thread CPU time): with the calling thread's own CPU time, what a computation
     * cost, without the JIT compiler's and the garbage collector's threads that the process's CPU
     * time also counts. It includes the workers' polling between jobs (at most SPIN_NANOS after each).
     */
    public long workersCpuNanos() {
        long nanos = 0;
        for (Worker w : pool.workers) nanos += Math.max(0, THREADS.getThreadCpuTime(w.getId()));
        return nanos;
    }

    public int threads() {
        return threads;
    }

    /**
     * Work (multiply-adds, or elements touched) below which an op is not worth forking: even a
     * polling worker has to see the job and fetch the op's data into its own caches. Measured at
     * batch-1 inference, where most ops are a few microseconds: a fork-join round trip per op was
     * ~30% of the profile (docs/performance.md).
     */
    static final long FORK_MIN_WORK = 1L << 20;

    /**
     * What one multiply-add of a memory-bound kernel weighs against {@link #FORK_MIN_WORK}, which is
     * in GEMM multiply-adds: the depthwise convolutions and a linear layer's dot products move 2-4
     * bytes per multiply-add and run at 5-12 GFLOP/s per core, the GEMM at 100-150. Counted as GEMM
     * work, mobilenet-hne's batch-1 depthwise layers from 28x28 on and its 720 -> 1280 layer ran
     * on one core (docs/performance.md).
     */
    static final int MEMORY_BOUND_WEIGHT = 16;

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
     * items, so tiny loops are not split into tasks that cost more than they save. Whoever is free
     * takes the next chunk (the caller too), so a worker that has no core at the moment delays
     * nothing: the chunks are the same ranges whoever runs them.
     */
    public void forRange(int n, int minChunk, RangeBody body) {
        if (n <= 0) {
            return;
        }
        forChunks(n, Math.min(threads, Math.max(1, n / Math.max(1, minChunk))), body);
    }

    /**
     * Where part {@code part} of {@code parts} starts when [0, total) is cut into that many contiguous,
     * nearly equal parts: total * part / parts, in long arithmetic. The one cut used for chunks, the
     * pool's blocks of chunks, and backward-filter's batch shares.
     */
    static int partStart(int total, int part, int parts) {
        return (int) ((long) total * part / parts);
    }

    /**
     * Cuts [0, n) into {@code chunks} contiguous ranges, chunk c = [partStart(n, c, chunks),
     * partStart(n, c + 1, chunks)), and runs them on whichever threads are free: each thread first
     * the chunks of its own block, then what is left of the others ({@code Job.work}); more chunks
     * than threads even out a thread that has lost its core ({@link WorkQueue}).
     */
    void forChunks(int n, int chunks, RangeBody body) {
        if (n <= 0) {
            return;
        }
        if (chunks <= 1 || threads == 1 || Thread.currentThread() instanceof Worker
                || !pool.busy.compareAndSet(false, true)) {
            body.run(0, n);
            return;
        }
        try {
            Job j = new Job(body, n, chunks, threads);
            pool.publish(j);
            j.work(0);
            j.awaitChunksDone();
            j.rethrowFailure();
        } finally {
            pool.job = null;
            pool.busy.set(false);
        }
    }

    /** The workers and the job they look for. */
    private static final class Pool {
        final Worker[] workers;
        final AtomicBoolean busy = new AtomicBoolean();   // one job at a time: other callers run inline
        volatile Job job;
        volatile long generation;                         // bumped for every job, by the owner of busy only
        volatile boolean closed;

        Pool(int workerCount) {
            workers = new Worker[workerCount];
            for (int i = 0; i < workerCount; i++) {
                workers[i] = new Worker(this, i);
                workers[i].start();
            }
        }

        void publish(Job j) {
            job = j;
            generation = generation + 1;
            for (Worker w : workers) {
                if (w.parked) LockSupport.unpark(w);
            }
        }

        void close() {
            closed = true;
            for (Worker w : workers) LockSupport.unpark(w);
        }
    }

    /** One parallel loop: its chunks, in one block per thread, taken by whoever is free. */
    private static final class Job {
        private final RangeBody body;
        private final int n, chunks;
        private final int homes;                  // blocks of consecutive chunks, one per thread
        private final AtomicIntegerArray taken;   // chunks taken so far from each block
        private final AtomicInteger done = new AtomicInteger();
        private volatile Throwable failure;

        Job(RangeBody body, int n, int chunks, int threads) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.homes = Math.min(chunks, threads);
            this.taken = new AtomicIntegerArray(homes);
        }

        /**
         * Takes chunks until none are left: first those of its own block, in order, then what is left
         * of the others. Thread t's block is the same part of every job (the t-th of its chunks), and
         * consecutive ops cut their outputs alike, so an op finds in its own core's cache most of what
         * it wrote in the previous one; with chunks taken in a single order the halves went to whichever
         * thread came first, and each op pulled about half its input from the other core.
         */
        void work(int thread) {
            for (int i = 0; i < homes; i++) {
                int block = (thread + i) % homes;
                int first = partStart(chunks, block, homes), end = partStart(chunks, block + 1, homes);
                for (int c = first + taken.getAndIncrement(block); c < end; c = first + taken.getAndIncrement(block)) {
                    try {
                        body.run(partStart(n, c, chunks), partStart(n, c + 1, chunks));
                    } catch (Throwable t) {
                        failure = t;
                    } finally {
                        done.incrementAndGet();
                    }
                }
            }
        }

        /** Polls until every chunk has run (the last ones may still be running on workers). */
        void awaitChunksDone() {
            for (int spins = 0; done.get() < chunks; spins++) {
                if (spins < 10_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();   // a worker holding a chunk has lost its core: let it have ours
                }
            }
        }

        void rethrowFailure() {
            Throwable t = failure;
            if (t instanceof RuntimeException e) throw e;
            if (t instanceof Error e) throw e;
            if (t != null) throw new IllegalStateException(t);
        }
    }

    /** A pool thread: polls for jobs, then parks until the next one is published. */
    private static final class Worker extends Thread {
        private final Pool pool;
        private final int index;   // the caller is thread 0, this worker thread index + 1
        volatile boolean parked;

        Worker(Pool pool, int index) {
            super("hne-cpu-" + index);
            this.pool = pool;
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            while (!pool.closed) {
                seen = awaitGeneration(seen);
                Job j = pool.job;
                if (j != null) j.work(index + 1);   // a job already finished has no chunks left: nothing happens
            }
        }

        /** Waits until the generation differs from {@code seen} (or the pool closes): polls for SPIN_NANOS, then parks. */
        private long awaitGeneration(long seen) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            long g;
            while ((g = pool.generation) == seen && !pool.closed) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                    continue;
                }
                // Dekker with the caller: it bumps generation, then reads parked; we set parked, then
                // read generation. One of the two sees the other's write, so no job is slept through.
                parked = true;
                if (pool.generation == seen && !pool.closed) LockSupport.park(this);
                parked = false;
                spinUntil = System.nanoTime() + SPIN_NANOS;
            }
            return g;
        }
    }
}
