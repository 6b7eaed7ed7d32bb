package dev.hne.engine.backend.cpu;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Free float arrays kept for reuse, keyed by exact length: the CPU backend's caching allocator.
 *
 * <p>Why: a training step allocates hundreds of multi-megabyte activations and gradients, the same
 * sizes every step. Left to the garbage collector, each one is a fresh array the JVM must zero and
 * the collector must later find, copy or compact; measured, that was the largest single cost of a
 * step on a busy machine. Autograd knows when an intermediate is dead (its last reader's backward
 * has run), and inference code knows when an activation it created has been consumed; both hand it
 * back through {@code Backend.release}, and the next allocation of that size takes it from here (a
 * full resnet-hne inference at batch 64 allocated about 2 GB per forward before, mostly garbage). The arrays stay hot in memory and old in the heap, where a young collection never
 * looks at them. PyTorch's CPU and CUDA caching allocators do the same job.
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

    private final Map<Integer, ArrayDeque<SoftReference<float[]>>> free = new HashMap<>();
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

    /** A free array of exactly {@code size} floats with unspecified contents, or null if none. */
    synchronized float[] take(int size) {
        ArrayDeque<SoftReference<float[]>> bucket = free.get(size);
        while (bucket != null && !bucket.isEmpty()) {
            SoftReference<float[]> ref = bucket.pollLast();   // last in, first out: the warmest
            pooledFloats -= size;
            float[] a = ref.get();
            if (a != null) {
                return a;
            }   // else the collector took it back; try the next one
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

    /** Floats in the pool's free lists (including arrays the collector may already have taken back). */
    synchronized long pooledFloats() {
        return pooledFloats;
    }
}
