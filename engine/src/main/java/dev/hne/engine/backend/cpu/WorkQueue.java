package dev.hne.engine.backend.cpu;

/**
 * A parallel loop with dynamic scheduling on top of a {@link Parallel} pool: [0, n) is cut into many small
 * chunks and every thread keeps taking the next one until none are left.
 *
 * <p>Why not {@link Parallel#forRange} directly: it gives each thread one equal, fixed share, so the
 * call lasts as long as the slowest thread. On a shared 2-core machine one core is often busy with
 * another process for a while; measured, static halves made 2 threads slower than 1. With chunks,
 * the less busy thread simply takes more of them. Not a scheduler of its own: it only chooses how
 * many chunks ({@link Parallel#forChunks} runs them), and a call from inside a pool worker still
 * runs inline.
 */
final class WorkQueue {

    /** Chunks per thread: enough to even out a slow core, few enough that taking one is free. */
    private static final int CHUNKS_PER_THREAD = 8;

    private WorkQueue() {}

    /**
     * Runs body over [0, n) in chunks of at least {@code grain} items, taken in increasing order by
     * whichever thread is free.
     */
    static void forRange(Parallel par, int n, int grain, Parallel.RangeBody body) {
        forRange(par, n, grain, Parallel.FORK_MIN_WORK, body);
    }

    /**
     * As {@link #forRange(Parallel, int, int, Parallel.RangeBody)}, but run entirely on the caller when
     * the op's total {@code work} is too small to pay for a fork ({@link Parallel#worthForking}).
     */
    static void forRange(Parallel par, int n, int grain, long work, Parallel.RangeBody body) {
        if (n <= 0) {
            return;
        }
        int chunks = Math.min(n / Math.max(1, grain), par.threads() * CHUNKS_PER_THREAD);
        if (chunks <= 1 || !par.worthForking(work)) {
            body.run(0, n);
            return;
        }
        par.forChunks(n, chunks, body);
    }
}
