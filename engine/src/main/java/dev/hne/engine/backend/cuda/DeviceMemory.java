package dev.hne.engine.backend.cuda;

/**
 * Raw device memory as the allocator sees it: the driver in production ({@code cuMemAlloc} /
 * {@code cuMemFree}), a fake in the allocator's unit test. Addresses are plain longs.
 */
interface DeviceMemory {

    /** Allocates {@code bytes}; throws {@link OutOfMemory} when the device is full. */
    long allocate(long bytes);

    void free(long address);

    /** Thrown by {@link #allocate} when the device has no room (CUDA_ERROR_OUT_OF_MEMORY). */
    final class OutOfMemory extends RuntimeException {
        OutOfMemory(String message) {
            super(message);
        }
    }
}
