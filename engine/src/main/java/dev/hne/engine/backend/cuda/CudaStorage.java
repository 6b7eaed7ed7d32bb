package dev.hne.engine.backend.cuda;

import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.Storage;
import java.lang.ref.Cleaner;
import jcuda.driver.CUdeviceptr;

/**
 * Device memory holding {@code size} floats, a block of the {@link CachingAllocator}.
 *
 * <p>The Backend interface has no free(): tensors are garbage-collected like any Java object. So the
 * block goes back to the allocator's cache (never straight to cuMemFree, and never touching the
 * driver from the cleaner thread) when this object becomes unreachable. Reuse is safe without a
 * sync: all work runs on one stream, so a kernel that reads the old contents is queued before any
 * kernel that writes the new ones.
 */
public final class CudaStorage implements Storage {

    private static final Cleaner CLEANER = Cleaner.create();

    private final CudaBackend backend;
    private final long size;
    final CUdeviceptr pointer;
    final long address;   // the same device address as a number, for non-JCuda libraries (CudaPointers)

    CudaStorage(CudaBackend backend, CachingAllocator allocator, long size) {
        this.backend = backend;
        this.size = size;
        CachingAllocator.Block block = allocator.allocate(size * Float.BYTES);
        this.address = block.address();
        this.pointer = DriverMemory.pointer(address);
        CLEANER.register(this, () -> allocator.release(block));   // the lambda must not capture this
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
