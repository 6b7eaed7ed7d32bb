package dev.hne.engine.backend;

/**
 * A block of float32 memory owned by one backend (a Java array on the CPU, device memory on a GPU).
 * Tensors hold a Storage; only the backend that made it may read or write it.
 */
public interface Storage {
    /** Number of float elements. */
    long size();

    /** The backend that owns this memory. */
    Backend backend();
}
