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
 * <p>Blocks come back through {@link #release} when their {@link CudaStorage} becomes unreachable (a
 * {@link java.lang.ref.Cleaner} action, see CudaStorage), so device memory is only reclaimed after a
 * Java GC. The Java heap does not feel device memory pressure, hence the {@code reclaim} hook: before
 * the in-use bytes pass {@code softLimit}, and when the device is out of memory, the allocator runs
 * it (a System.gc() that lets the cleaners return blocks), empties its cache and tries again.
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

    /** A block handed out: its device address and the bucket size it must be returned to. */
    record Block(long address, long bucketBytes) {}

    CachingAllocator(DeviceMemory memory, Runnable reclaim, long softLimit) {
        this.memory = memory;
        this.reclaim = reclaim;
        this.softLimit = softLimit;
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
        synchronized (this) {
            Long cached = take(bucket);
            if (cached != null) {
                hits++;
                bytesInUse += bucket;
                return new Block(cached, bucket);
            }
            misses++;
        }
        if (bytesInUse() + bucket > softLimit) {
            reclaimAndRetire();
            synchronized (this) {
                Long cached = take(bucket);
                if (cached != null) {
                    bytesInUse += bucket;
                    return new Block(cached, bucket);
                }
            }
        }
        long address;
        try {
            address = memory.allocate(bucket);
        } catch (DeviceMemory.OutOfMemory first) {
            reclaimAndRetire();
            address = memory.allocate(bucket);   // a second failure propagates: the memory is really in use
        }
        synchronized (this) {
            bytesInUse += bucket;
        }
        return new Block(address, bucket);
    }

    /** Returns a block to its free list (any thread). */
    synchronized void release(Block block) {
        bytesInUse -= block.bucketBytes();
        bytesCached += block.bucketBytes();
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

    private void reclaimAndRetire() {
        reclaim.run();              // lock not held: cleaners call release() meanwhile
        synchronized (this) {
            reclaims++;
        }
        emptyCache();
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

    @Override
    public synchronized String toString() {
        return String.format(java.util.Locale.ROOT, "allocator: %.1f MiB in use, %.1f MiB cached, %d hits, %d misses, %d reclaims",
                bytesInUse / 1048576.0, bytesCached / 1048576.0, hits, misses, reclaims);
    }
}
