package dev.hne.engine.backend.cuda;

import dev.hne.engine.backend.Storage;

/**
 * Raw device addresses of CUDA storages, for native libraries outside JCuda that take {@code void *}
 * device buffers (NCCL in dev.hne.engine.dist). Read-only: nothing here allocates or frees.
 */
public final class CudaPointers {

    private CudaPointers() {}

    /** Whether {@code storage} is device memory of the CUDA backend. */
    public static boolean isDevice(Storage storage) {
        return storage instanceof CudaStorage;
    }

    /** The device address of the storage's first float. */
    public static long address(Storage storage) {
        if (!(storage instanceof CudaStorage s)) {
            throw new IllegalArgumentException("not a CUDA storage: " + storage.getClass().getSimpleName());
        }
        return s.address;
    }
}
