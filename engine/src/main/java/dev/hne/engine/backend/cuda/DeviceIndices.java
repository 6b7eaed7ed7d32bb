package dev.hne.engine.backend.cuda;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import jcuda.Pointer;
import jcuda.driver.JCudaDriver;

/**
 * Index arrays the kernels read (the groups a split gathers), uploaded once and kept on the device.
 * A tree has few distinct splits (one per level for training, one per level and anytime step for
 * inference), and uploading an index with every launch would be a synchronous copy and an allocation
 * each time. The least recently used entry beyond {@link #CAPACITY} goes back to the allocator; a
 * kernel still queued that reads it is safe, because anything that reuses the block runs after it on
 * the same stream.
 */
final class DeviceIndices {

    static final int CAPACITY = 256;

    private record Key(int[] index) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(index, k.index);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(index);
        }
    }

    private final IntFunction<CudaStorage> allocate;
    private final Map<Key, CudaStorage> uploaded = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, CudaStorage> eldest) {
            if (size() <= CAPACITY) {
                return false;
            }
            eldest.getValue().release();
            return true;
        }
    };

    /** @param allocate device storage of that many 4-byte elements */
    DeviceIndices(IntFunction<CudaStorage> allocate) {
        this.allocate = allocate;
    }

    /** The device copy of {@code index} (not empty), uploaded on first use. Callers hold the backend's lock. */
    CudaStorage onDevice(int[] index) {
        return uploaded.computeIfAbsent(new Key(index.clone()), key -> {
            CudaStorage device = allocate.apply(key.index().length);   // int and float are both 4 bytes
            JCudaDriver.cuMemcpyHtoD(device.pointer(), Pointer.to(key.index()), (long) key.index().length * Integer.BYTES);
            return device;
        });
    }
}
