/*
 * Shard: which part of every epoch's order one process of a data-parallel job trains on (the
 * distributed sampler, docs/distributed.md).
 *
 *   order (seeded by (seed, epoch), the same on every rank):  o0 o1 o2 o3 o4 o5 o6 o7 o8 o9
 *   rank 0 of 2 takes positions 0, 2, 4, ...                   o0    o2    o4    o6    o8
 *   rank 1 of 2 takes positions 1, 3, 5, ...                      o1    o3    o5    o7    o9
 *
 * Strided, as PyTorch's DistributedSampler: batch s of every rank (b = global batch / ranks) holds
 * positions s*b*ranks .. (s+1)*b*ranks of the order, so the union of the ranks' batch s is exactly
 * the one-process run's batch s of size b*ranks. The shards are disjoint; when the dataset size is
 * not a multiple of the ranks, the last size % ranks positions of the order (different samples
 * each epoch) are left out, so every rank has the same number of samples and steps.
 */
package dev.hne.datasets;

public record Shard(int rank, int ranks) {

    /** The whole order: a one-process run. */
    public static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (ranks < 1 || rank < 0 || rank >= ranks) {
            throw new IllegalArgumentException("shard " + rank + " of " + ranks + ": need 0 <= rank < ranks");
        }
    }

    /** Samples per epoch in this shard of a dataset of {@code total} samples. */
    public int size(int total) {
        return total / ranks;
    }

    /** This shard's part of {@code order}, in order. */
    public int[] of(int[] order) {
        if (ranks == 1) {
            return order;
        }
        int[] mine = new int[size(order.length)];
        for (int k = 0; k < mine.length; k++) {
            mine[k] = order[k * ranks + rank];
        }
        return mine;
    }
}
