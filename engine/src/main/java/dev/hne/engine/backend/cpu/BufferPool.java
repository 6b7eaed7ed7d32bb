package dev.hne.engine.backend.cpu;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * Free float arrays kept for reuse: the CPU backend's caching allocator.
 *
 * <p>Why: a training step allocates hundreds of multi-megabyte activations and gradients, the same
 * sizes every step. Left to the garbage collector, each one is a fresh array the JVM must zero and
 * the collector must later find, copy or compact; measured, that was the largest single cost of a
 * step on a busy machine. Autograd knows when an intermediate is dead (its last reader's backward
 * has run), and inference code knows when an activation it created has been consumed; both hand it
 * back through {@code Backend.release}, and the next allocation that fits takes it from here (a
 * full resnet-hne inference at batch 64 allocated about 2 GB per forward before, mostly garbage).
 * The arrays stay hot in memory and old in the heap, where a young collection never looks at them.
 * PyTorch's CPU and CUDA caching allocators do the same job.
 *
 * <p><b>Best fit, up to twice the size, for a scope's scratch memory.</b> A request takes the
 * smallest free array of at least its size and, when the memory is inference scratch that a
 * {@code Memory} scope will release ({@code Memory.isScratch}), at most {@link #MAX_OVERSIZE} times
 * it; the storage remembers its own size, and kernels read only that prefix. A server needs this:
 * its batches have every row count from 1 to its largest batch, and adaptive evaluation shrinks them
 * to any count in between, so with exact-size reuse each activation came in up to 32 sizes, most
 * arrays were never asked for again, and the cache filled the heap until the collector ran full
 * collections of hundreds of milliseconds (docs/serving.md). With a best fit, a batch of 13 rows
 * reuses a batch of 16's arrays, and the cache converges to a few sizes that serve every batch.
 * (PyTorch's CUDA allocator gets the same effect by splitting large blocks.)
 *
 * <p><b>Exact size for training memory.</b> What a training step allocates (activations saved for
 * backward, gradients) lives across the step, and the step asks for the same sizes every time. A
 * best fit there is a slow leak: a request that takes a larger array leaves the request of that
 * larger size to a fresh array, each step a few more, and the activations saved at the peak sit in
 * arrays up to twice their size (measured: at batch 128 a checkpointed step kept 380 MiB more than
 * its saved tensors and ran out of a 3.4 GB heap in its fourth step; exact, it ran in 3 GB).
 *
 * <p>Free arrays are held through {@link SoftReference}s: the collector may take them back when the
 * heap runs short (it must, before it throws OutOfMemoryError), so the pool can never be the reason
 * a large batch does not fit. Without that, at batch 128 under -Xmx4g the free arrays (up to the
 * cap) crowded the live activations and the collector ran back-to-back full collections.
 *
 * <p>What it is not: a general allocator. Small arrays (below {@link #MIN_FLOATS}) are left to the
 * JVM, which allocates them cheaply; and the pool never holds more than {@link #capacityFloats},
 * beyond which returned arrays are simply dropped for the collector.
 */
final class BufferPool {

    /** Arrays shorter than this are cheaper to allocate than to look up (16 KB). */
    static final int MIN_FLOATS = 1 << 12;

    /** A request takes a free array of at most this many times its size (the rest is idle memory). */
    static final int MAX_OVERSIZE = 2;

    /** Free arrays by length; each list is last in, first out (the warmest array first), and may be empty. */
    private final TreeMap<Integer, ArrayDeque<SoftReference<float[]>>> free = new TreeMap<>();
    private final long capacityFloats;
    private long pooledFloats;

    BufferPool(long capacityFloats) {
        this.capacityFloats = capacityFloats;
    }

    /**
     * The default pool: up to three quarters of the maximum heap held as free arrays. Generous on
     * purpose: at the end of a backward pass every activation and gradient of the step is free at
     * once (about 2.5 GB at batch 64), and whatever the cap turns away is garbage that the next step
     * replaces with fresh arrays; the soft references keep a large pool from causing an
     * OutOfMemoryError.
     */
    static BufferPool forThisJvm() {
        return new BufferPool(dev.hne.engine.RuntimeOptions.current().poolFloats());
    }

    /**
     * The smallest free array of at least {@code size} and at most {@link #MAX_OVERSIZE} times
     * {@code size} floats ({@code bestFit}) or of exactly {@code size} (not), with unspecified
     * contents; null if none.
     */
    synchronized float[] take(int size, boolean bestFit) {
        long largest = bestFit ? (long) size * MAX_OVERSIZE : size;
        // An emptied size keeps its (empty) list: the same sizes come back, and dropping and
        // re-inserting a map entry and its list on every take and give cost more than the rest. A
        // best fit walks past the empty lists of other sizes and drops them, or a request that finds
        // nothing would step over every size up to twice its own on every call (15% of a batch-1
        // inference profile when the evaluated branches' weights were still cut out per call, in
        // sizes that were never given back).
        var bucket = free.ceilingEntry(size);
        while (bucket != null && bucket.getKey() <= largest) {
            int length = bucket.getKey();
            ArrayDeque<SoftReference<float[]>> arrays = bucket.getValue();
            for (SoftReference<float[]> ref = arrays.pollLast(); ref != null; ref = arrays.pollLast()) {
                pooledFloats -= length;
                float[] a = ref.get();
                if (a != null) {
                    return a;
                }   // else the collector took it back; try the next one
            }
            if (length != size) {
                free.remove(length);
            }
            bucket = free.higherEntry(length);
        }
        return null;
    }

    /** Keeps {@code a} for reuse; the caller must not touch it again. */
    synchronized void give(float[] a) {
        if (a.length < MIN_FLOATS || pooledFloats + a.length > capacityFloats) {
            return;   // left to the garbage collector
        }
        free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).addLast(new SoftReference<>(a));
        pooledFloats += a.length;
    }

    /** Drops every free array (before retrying an allocation that ran out of heap). */
    synchronized void clear() {
        free.clear();
        pooledFloats = 0;
    }

    /** Sizes the pool has a list for, empty or not (for tests). */
    synchronized int sizeCount() {
        return free.size();
    }

    /** Floats in the pool's free lists (including arrays the collector may already have taken back). */
    synchronized long pooledFloats() {
        return pooledFloats;
    }
}
