package dev.hne.engine.backend.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A caching device allocator: freed blocks go to a free list of their size bucket instead of back
 * to the driver, because cuMemAlloc/cuMemFree synchronise the device and cost far more than the
 * kernels of a small layer. A training step allocates the same sizes every time, so after the first
 * step nearly every request is a hit.
 *
 * <p>Buckets: requests up to 1 MiB are rounded up to a power of two (at least 512 bytes); larger ones
 * to a multiple of 2 MiB, which wastes at most 2 MiB per block instead of up to half of it.
 *
 * <p>Blocks come back through {@link #release}: explicitly, when the engine releases a storage
 * (autograd does for every dead intermediate), or as a leak, when a {@link CudaStorage} nobody
 * released becomes unreachable (its {@link java.lang.ref.Cleaner} action). The Java heap does not
 * feel device memory pressure, so leaked blocks only come back after a GC; hence the {@code reclaim}
 * hook. When a miss would take the in-use bytes past {@code softLimit}, the allocator runs it (a
 * System.gc() that lets the cleaners return blocks) and looks in the free list again; only if that
 * finds nothing does it empty its cache (cached blocks of other sizes go back to the driver) before
 * asking the driver. When the device is out of memory it does the same and retries once. So that
 * live memory above the soft limit does not make every miss a full GC, after a reclaim the next one
 * waits until in-use memory has grown by another eighth of the soft limit.
 *
 * <p>Thread-safe: releases arrive on the cleaner thread. The reclaim hook runs without the lock held.
 */
final class CachingAllocator {

    static final long SMALL_LIMIT = 1L << 20;
    static final long MIN_BLOCK = 512;
    static final long LARGE_GRANULE = 2L << 20;

    private final DeviceMemory memory;
    private final Runnable reclaim;
    private final long softLimit;
    private final Map<Long, ArrayDeque<Long>> freeLists = new HashMap<>();
    private long bytesInUse;
    private long bytesCached;
    private long hits;
    private long misses;
    private long reclaims;
    private long explicitReturns;
    private long leakedReturns;
    private long reclaimAbove;

    /** A block handed out: its device address and the bucket size it must be returned to. */
    record Block(long address, long bucketBytes) {}

    /** How a block came back: released by the engine, or found unreachable by the cleaner (a leak). */
    enum Return { EXPLICIT, LEAKED }

    CachingAllocator(DeviceMemory memory, Runnable reclaim, long softLimit) {
        this.memory = memory;
        this.reclaim = reclaim;
        this.softLimit = softLimit;
        this.reclaimAbove = softLimit;
    }

    /** The bucket a request of {@code bytes} is served from. */
    static long bucketOf(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative allocation: " + bytes + " bytes");
        }
        if (bytes <= MIN_BLOCK) {
            return MIN_BLOCK;
        }
        if (bytes <= SMALL_LIMIT) {
            return Long.highestOneBit(bytes - 1) << 1;   // the next power of two >= bytes
        }
        return (bytes + LARGE_GRANULE - 1) / LARGE_GRANULE * LARGE_GRANULE;
    }

    Block allocate(long bytes) {
        long bucket = bucketOf(bytes);
        Block cached = takeCached(bucket);
        if (cached != null) {
            return cached;
        }
        synchronized (this) {
            misses++;
        }
        if (bytesInUse() + bucket > reclaimThreshold()) {
            Block reclaimed = reclaimThenTake(bucket);
            if (reclaimed != null) {
                return reclaimed;
            }
        }
        long address;
        try {
            address = memory.allocate(bucket);
        } catch (DeviceMemory.OutOfMemory first) {
            Block reclaimed = reclaimThenTake(bucket);
            if (reclaimed != null) {
                return reclaimed;
            }
            address = memory.allocate(bucket);   // a second failure propagates: the memory is really in use
        }
        synchronized (this) {
            bytesInUse += bucket;
        }
        return new Block(address, bucket);
    }

    /** A cached block of {@code bucket} bytes, counted as in use, or null. */
    private synchronized Block takeCached(long bucket) {
        Long address = take(bucket);
        if (address == null) {
            return null;
        }
        hits++;
        bytesInUse += bucket;
        return new Block(address, bucket);
    }

    /**
     * Runs the reclaim hook (a GC: cleaners return leaked blocks meanwhile, so the lock is not held),
     * then tries the free list; when it is still empty for this bucket, gives the cache back to the
     * driver so that a fresh allocation has room. Returns the reused block, or null.
     */
    private Block reclaimThenTake(long bucket) {
        reclaim.run();
        synchronized (this) {
            reclaims++;
            reclaimAbove = Math.max(softLimit, bytesInUse + (softLimit >> 3));
        }
        Block reused = takeCached(bucket);
        if (reused == null) {
            emptyCache();
        }
        return reused;
    }

    /** The in-use bytes past which a miss reclaims: the soft limit, raised after a reclaim that left more in use. */
    private synchronized long reclaimThreshold() {
        if (bytesInUse < softLimit) {
            reclaimAbove = softLimit;   // back under the limit: the next crossing reclaims again
        }
        return reclaimAbove;
    }

    /** Returns a block to its free list (any thread). */
    synchronized void release(Block block, Return how) {
        bytesInUse -= block.bucketBytes();
        bytesCached += block.bucketBytes();
        if (how == Return.EXPLICIT) {
            explicitReturns++;
        } else {
            leakedReturns++;
        }
        freeLists.computeIfAbsent(block.bucketBytes(), b -> new ArrayDeque<>()).push(block.address());
    }

    /** Gives every cached block back to the driver. */
    synchronized void emptyCache() {
        for (ArrayDeque<Long> list : freeLists.values()) {
            for (Long address : list) {
                memory.free(address);
            }
        }
        freeLists.clear();
        bytesCached = 0;
    }

    private Long take(long bucket) {
        ArrayDeque<Long> list = freeLists.get(bucket);
        Long address = list == null ? null : list.poll();
        if (address != null) {
            bytesCached -= bucket;
        }
        return address;
    }

    synchronized long bytesInUse() { return bytesInUse; }
    synchronized long bytesCached() { return bytesCached; }
    synchronized long hits() { return hits; }
    synchronized long misses() { return misses; }
    synchronized long reclaims() { return reclaims; }
    synchronized long explicitReturns() { return explicitReturns; }
    /** Blocks returned by the cleaner: storage nobody released (the GC found it unreachable). */
    synchronized long leakedReturns() { return leakedReturns; }

    @Override
    public synchronized String toString() {
        return String.format(java.util.Locale.ROOT, "allocator: %.1f MiB in use, %.1f MiB cached, %d hits, %d misses, %d reclaims, "
                + "%d blocks released, %d returned by the GC backstop", bytesInUse / 1048576.0, bytesCached / 1048576.0,
                hits, misses, reclaims, explicitReturns, leakedReturns);
    }
}
