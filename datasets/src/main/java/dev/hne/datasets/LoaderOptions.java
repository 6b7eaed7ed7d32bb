/*
 * LoaderOptions: how a DataLoader orders, batches and prefetches. A record with withers:
 *
 *   LoaderOptions.of(128).withSeed(7).withWorkers(2)
 *
 * Defaults: shuffle on, seed 0, LastBatch.KEEP (every sample exactly once per epoch), 0 workers
 * (batches built on the caller's thread), prefetch = 2 batches per worker, the whole order (no
 * {@link Shard}: data-parallel ranks each take one).
 */
package dev.hne.datasets;

public record LoaderOptions(int batchSize, boolean shuffle, long seed, LastBatch lastBatch, int workers, int prefetch,
                            Shard shard) {

    /** What to do with the n % batchSize samples left at the end of an epoch. */
    public enum LastBatch {
        /** Yield them as a final, smaller batch: every sample is seen exactly once per epoch. */
        KEEP,
        /**
         * Drop them: every batch has batchSize samples; each epoch skips the last n % batchSize
         * samples of its (shuffled) order, so with shuffling a different few each epoch.
         */
        DROP
    }

    public LoaderOptions {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
        }
        if (shard == null) {
            throw new IllegalArgumentException("shard must not be null (Shard.WHOLE for all samples)");
        }
        if (workers < 0 || prefetch < 0) {
            throw new IllegalArgumentException("workers and prefetch must be >= 0, got " + workers + ", " + prefetch);
        }
    }

    public static LoaderOptions of(int batchSize) {
        return new LoaderOptions(batchSize, true, 0L, LastBatch.KEEP, 0, 0, Shard.WHOLE);
    }

    public LoaderOptions withShuffle(boolean shuffle) {
        return new LoaderOptions(batchSize, shuffle, seed, lastBatch, workers, prefetch, shard);
    }

    public LoaderOptions withSeed(long seed) {
        return new LoaderOptions(batchSize, shuffle, seed, lastBatch, workers, prefetch, shard);
    }

    public LoaderOptions withLastBatch(LastBatch lastBatch) {
        return new LoaderOptions(batchSize, shuffle, seed, lastBatch, workers, prefetch, shard);
    }

    /** Background threads building batches; 0 builds them on the caller's thread when asked. */
    public LoaderOptions withWorkers(int workers) {
        return new LoaderOptions(batchSize, shuffle, seed, lastBatch, workers, prefetch, shard);
    }

    /** Batches built ahead of the consumer; 0 means 2 per worker. Ignored without workers. */
    public LoaderOptions withPrefetch(int prefetch) {
        return new LoaderOptions(batchSize, shuffle, seed, lastBatch, workers, prefetch, shard);
    }

    /** Visit only this rank's part of every epoch's order (a distributed sampler). */
    public LoaderOptions withShard(Shard shard) {
        return new LoaderOptions(batchSize, shuffle, seed, lastBatch, workers, prefetch, shard);
    }

    /** Batches allowed in flight at once. */
    int inFlight() {
        return Math.max(workers, prefetch == 0 ? 2 * workers : prefetch);
    }
}
