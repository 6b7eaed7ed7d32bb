package dev.hne.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The allocator's bookkeeping on a fake device memory (no GPU). */
class CachingAllocatorTest {

    /** A device of {@code capacity} bytes handing out increasing addresses; counts driver calls. */
    static final class FakeMemory implements DeviceMemory {
        final long capacity;
        final Map<Long, Long> live = new HashMap<>();
        long next = 0x1000;
        int allocations;
        int frees;

        FakeMemory(long capacity) {
            this.capacity = capacity;
        }

        long used() {
            return live.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public long allocate(long bytes) {
            if (used() + bytes > capacity) {
                throw new OutOfMemory("fake device full");
            }
            allocations++;
            long a = next;
            next += bytes;
            live.put(a, bytes);
            return a;
        }

        @Override
        public void free(long address) {
            frees++;
            if (live.remove(address) == null) {
                throw new IllegalStateException("double or foreign free of " + address);
            }
        }
    }

    @Test
    void bucketsArePowersOfTwoUpTo1MiBThen2MiBMultiples() {
        assertEquals(512, CachingAllocator.bucketOf(0));
        assertEquals(512, CachingAllocator.bucketOf(4));
        assertEquals(512, CachingAllocator.bucketOf(512));
        assertEquals(1024, CachingAllocator.bucketOf(513));
        assertEquals(1024, CachingAllocator.bucketOf(1024));
        assertEquals(1 << 20, CachingAllocator.bucketOf((1 << 19) + 1));
        assertEquals(1 << 20, CachingAllocator.bucketOf(1 << 20));
        assertEquals(2 << 20, CachingAllocator.bucketOf((1 << 20) + 1));
        assertEquals(4 << 20, CachingAllocator.bucketOf((2 << 20) + 1));
        assertEquals(6L << 20, CachingAllocator.bucketOf(5L << 20));
        for (long b = 1; b < 10_000_000; b = b * 3 + 1) {
            long bucket = CachingAllocator.bucketOf(b);
            assertTrue(bucket >= b, b + " -> " + bucket);
            assertTrue(bucket <= Math.max(512, Math.max(2 * b, b + (2 << 20))), b + " -> " + bucket);
        }
        assertThrows(IllegalArgumentException.class, () -> CachingAllocator.bucketOf(-1));
    }

    @Test
    void releasedBlocksAreReusedForTheSameBucketWithoutTheDriver() {
        FakeMemory memory = new FakeMemory(1 << 30);
        CachingAllocator allocator = new CachingAllocator(memory, () -> {}, 1 << 30);
        CachingAllocator.Block a = allocator.allocate(1000);          // bucket 1024
        assertEquals(1024, a.bucketBytes());
        allocator.release(a, CachingAllocator.Return.EXPLICIT);
        assertEquals(0, allocator.bytesInUse());
        assertEquals(1024, allocator.bytesCached());
        CachingAllocator.Block b = allocator.allocate(700);           // same bucket: a hit
        assertEquals(a.address(), b.address());
        assertEquals(1, memory.allocations);
        assertEquals(1, allocator.hits());
        assertEquals(1, allocator.misses());
        CachingAllocator.Block c = allocator.allocate(3000);          // other bucket: a miss
        assertNotEquals(a.address(), c.address());
        assertEquals(2, memory.allocations);
        assertEquals(1024 + 4096, allocator.bytesInUse());
        assertEquals(0, allocator.bytesCached());
    }

    @Test
    void emptyCacheFreesEveryCachedBlockOnce() {
        FakeMemory memory = new FakeMemory(1 << 30);
        CachingAllocator allocator = new CachingAllocator(memory, () -> {}, 1 << 30);
        CachingAllocator.Block a = allocator.allocate(100), b = allocator.allocate(100), c = allocator.allocate(5 << 20);
        allocator.release(a, CachingAllocator.Return.EXPLICIT);
        allocator.release(c, CachingAllocator.Return.EXPLICIT);
        allocator.emptyCache();
        assertEquals(2, memory.frees);
        assertEquals(1, memory.live.size());
        assertTrue(memory.live.containsKey(b.address()));
        assertEquals(0, allocator.bytesCached());
        assertEquals(512, allocator.bytesInUse());
    }

    @Test
    void outOfMemoryRunsReclaimThenFreesTheCacheAndRetries() {
        FakeMemory memory = new FakeMemory(6144);
        CachingAllocator[] self = new CachingAllocator[1];
        CachingAllocator.Block[] garbage = new CachingAllocator.Block[1];
        int[] reclaims = {0};
        // The reclaim hook plays the GC: the unreachable block comes back through release().
        self[0] = new CachingAllocator(memory, () -> {
            reclaims[0]++;
            if (garbage[0] != null) self[0].release(garbage[0], CachingAllocator.Return.LEAKED);
            garbage[0] = null;
        }, Long.MAX_VALUE);
        garbage[0] = self[0].allocate(2048);
        CachingAllocator.Block kept = self[0].allocate(1024);
        // 3072 bytes live, 4096 more do not fit in 6144 until the garbage block is reclaimed and freed
        CachingAllocator.Block big = self[0].allocate(3000);
        assertEquals(4096, big.bucketBytes());
        assertEquals(1, reclaims[0]);
        assertEquals(1, self[0].reclaims());
        assertEquals(1024 + 4096, memory.used());
        assertTrue(memory.live.containsKey(kept.address()));
        assertEquals(1024 + 4096, self[0].bytesInUse());
    }

    @Test
    void stillOutOfMemoryAfterReclaimPropagates() {
        FakeMemory memory = new FakeMemory(1024);
        CachingAllocator allocator = new CachingAllocator(memory, () -> {}, Long.MAX_VALUE);
        allocator.allocate(1024);
        assertThrows(DeviceMemory.OutOfMemory.class, () -> allocator.allocate(600));
    }

    @Test
    void passingTheSoftLimitReclaimsBeforeAskingTheDriver() {
        FakeMemory memory = new FakeMemory(1 << 30);
        int[] reclaims = {0};
        CachingAllocator allocator = new CachingAllocator(memory, () -> reclaims[0]++, 4096);
        allocator.allocate(2048);
        assertEquals(0, reclaims[0]);
        allocator.allocate(4096);   // 2048 + 4096 > 4096
        assertEquals(1, reclaims[0]);
        assertEquals(2, memory.allocations);
    }

    @Test
    void atTheSoftLimitWhatTheGcReturnedIsReusedBeforeTheCacheIsEmptied() {
        FakeMemory memory = new FakeMemory(1 << 30);
        CachingAllocator[] self = new CachingAllocator[1];
        CachingAllocator.Block[] garbage = new CachingAllocator.Block[1];
        self[0] = new CachingAllocator(memory, () -> {   // the GC finds the garbage block unreachable
            self[0].release(garbage[0], CachingAllocator.Return.LEAKED);
        }, 4096);
        garbage[0] = self[0].allocate(2048);
        self[0].allocate(2048);
        CachingAllocator.Block third = self[0].allocate(2000);   // 4096 in use + 2048 > 4096: reclaim
        assertEquals(garbage[0].address(), third.address(), "the block the GC returned is reused");
        assertEquals(2, memory.allocations, "no new driver allocation");
        assertEquals(0, memory.frees, "the cache was not emptied: it held what was needed");
        assertEquals(1, self[0].reclaims());
        assertEquals(1, self[0].leakedReturns());
        assertEquals(0, self[0].explicitReturns());
    }

    @Test
    void liveMemoryAboveTheSoftLimitDoesNotCollectOnEveryMiss() {
        FakeMemory memory = new FakeMemory(1 << 30);
        CachingAllocator allocator = new CachingAllocator(memory, () -> {}, 8192);   // nothing to reclaim
        allocator.allocate(8192);
        assertEquals(0, allocator.reclaims(), "8192 in use is not past the limit");
        allocator.allocate(512);
        assertEquals(1, allocator.reclaims(), "8704 is past it");
        allocator.allocate(512);
        assertEquals(1, allocator.reclaims(), "9216: within an eighth of the limit (1024) of the last reclaim");
        allocator.allocate(512);
        assertEquals(2, allocator.reclaims(), "9728: grown past that");
    }

    @Test
    void aStorageReleasedTwiceReturnsItsBlockOnceAndThenRefusesUse() {
        FakeMemory memory = new FakeMemory(1 << 30);
        CachingAllocator allocator = new CachingAllocator(memory, () -> {}, 1 << 30);
        CudaStorage storage = new CudaStorage(null, allocator, 100);   // 400 bytes: bucket 512
        assertEquals(512, allocator.bytesInUse());
        storage.release();
        storage.release();
        assertEquals(1, allocator.explicitReturns());
        assertEquals(0, allocator.bytesInUse());
        assertEquals(512, allocator.bytesCached());
        assertThrows(IllegalStateException.class, storage::pointer);
        CudaStorage next = new CudaStorage(null, allocator, 128);      // the same bucket: the same block
        assertEquals(1, memory.allocations);
        assertEquals(1, allocator.hits());
        assertTrue(!next.isReleased());
    }

    @Test
    void anUnreleasedStorageComesBackThroughTheCleanerAsALeak() throws InterruptedException {
        FakeMemory memory = new FakeMemory(1 << 30);
        CachingAllocator allocator = new CachingAllocator(memory, () -> {}, 1 << 30);
        allocateAndDrop(allocator);
        for (int i = 0; i < 50 && allocator.leakedReturns() == 0; i++) {   // the cleaner thread runs after a GC
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(1, allocator.leakedReturns(), "the GC backstop returned the block");
        assertEquals(0, allocator.explicitReturns());
        assertEquals(0, allocator.bytesInUse());
    }

    private static void allocateAndDrop(CachingAllocator allocator) {
        new CudaStorage(null, allocator, 10);
    }
}
