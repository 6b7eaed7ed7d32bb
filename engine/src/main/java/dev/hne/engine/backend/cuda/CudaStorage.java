package dev.hne.engine.backend.cuda;

import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.Storage;
import java.lang.ref.Cleaner;
import jcuda.driver.CUdeviceptr;

/**
 * Device memory holding {@code size} floats, a block of the {@link CachingAllocator}.
 *
 * <p>The block goes back to the allocator's cache exactly once: when {@link #release} is called
 * (autograd does it for every intermediate nobody reads again, so a training step reuses its blocks
 * at once), or, for storage nobody released, when this object becomes unreachable. Both paths run
 * the same {@link Cleaner.Cleanable}, which runs its action at most once, so a second release, or the
 * cleaner after a release, returns nothing twice. The cleaner is only a leak backstop: it needs a
 * Java GC, which does not feel device memory pressure. Neither path calls the driver. Reuse is safe
 * without a sync: all work runs on one stream, so a kernel that reads the old contents is queued
 * before any kernel that writes the new ones.
 */
public final class CudaStorage implements Storage {

    private static final Cleaner CLEANER = Cleaner.create();

    private final CudaBackend backend;
    private final long size;
    private final CUdeviceptr pointer;
    final long address;   // the same device address as a number, for non-JCuda libraries (CudaPointers)
    private final BlockReturn blockReturn;
    private final Cleaner.Cleanable cleanable;
    private volatile boolean released;

    /**
     * The cleaning action: returns the block, saying whether explicitly or as a leak. It must not
     * refer to the storage (that would keep it reachable forever).
     */
    private static final class BlockReturn implements Runnable {
        private final CachingAllocator allocator;
        private final CachingAllocator.Block block;
        private volatile boolean explicit;

        BlockReturn(CachingAllocator allocator, CachingAllocator.Block block) {
            this.allocator = allocator;
            this.block = block;
        }

        @Override
        public void run() {
            allocator.release(block, explicit ? CachingAllocator.Return.EXPLICIT : CachingAllocator.Return.LEAKED);
        }
    }

    CudaStorage(CudaBackend backend, CachingAllocator allocator, long size) {
        this.backend = backend;
        this.size = size;
        CachingAllocator.Block block = allocator.allocate(size * Float.BYTES);
        this.address = block.address();
        this.pointer = DriverMemory.pointer(address);
        this.blockReturn = new BlockReturn(allocator, block);
        this.cleanable = CLEANER.register(this, blockReturn);
    }

    /** The device address; throws once the storage was released (its block may already hold other data). */
    CUdeviceptr pointer() {
        if (released) {
            throw new IllegalStateException("cuda storage of " + size + " floats was released (backward() releases "
                    + "intermediates it no longer needs) and must not be used again");
        }
        return pointer;
    }

    /** Returns the block to the allocator now; later calls, and the cleaner, do nothing. */
    void release() {
        if (!released) {
            released = true;
            blockReturn.explicit = true;
            cleanable.clean();
        }
    }

    boolean isReleased() {
        return released;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public Backend backend() {
        return backend;
    }
}
