package dev.hne.engine.backend.cpu;

import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.Storage;

/**
 * CPU memory: the first {@link #size} floats of a plain array (an array from the {@link BufferPool}
 * may be longer than the tensor it holds; kernels read and write only the prefix).
 * {@link CpuBackend#release} hands the array back to the
 * {@link BufferPool} and empties this wrapper, so a later use of the same storage fails loudly here
 * instead of reading memory that another tensor now owns.
 */
public final class CpuStorage implements Storage {

    private final CpuBackend backend;
    private final int size;
    private float[] data;

    CpuStorage(CpuBackend backend, float[] data, int size) {
        if (size > data.length) {
            throw new IllegalArgumentException("cpu storage of " + size + " floats in an array of " + data.length);
        }
        this.backend = backend;
        this.data = data;
        this.size = size;
    }

    /** The array, of at least {@link #size} floats; throws if the storage was released. */
    public float[] data() {
        float[] d = data;
        if (d == null) {
            throw new IllegalStateException("cpu storage of " + size + " floats was freed (backward() releases "
                    + "the intermediate tensors its graph saved, a closed Memory scope what was made in it); copy "
                    + "a tensor before backward() to keep it, keep() it to take it out of a scope");
        }
        return d;
    }

    /** Empties the wrapper and returns the array it held (null if already released). */
    float[] detachArray() {
        float[] d = data;
        data = null;
        return d;
    }

    boolean isReleased() {
        return data == null;
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
