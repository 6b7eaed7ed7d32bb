package dev.hne.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.backend.Storage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The caching allocator: exact-size reuse, fresh zeroed memory from allocate, the cap, and use after release. */
class BufferPoolTest {

    @Test
    void reusesAnArrayOfExactlyTheSameSize() {
        BufferPool pool = new BufferPool(1 << 20);
        float[] a = new float[BufferPool.MIN_FLOATS + 3];
        pool.give(a);
        assertNull(pool.take(a.length + 1));
        assertSame(a, pool.take(a.length));
        assertNull(pool.take(a.length));
        assertEquals(0, pool.pooledFloats());
    }

    @Test
    void smallArraysAndArraysBeyondTheCapAreLeftToTheCollector() {
        BufferPool pool = new BufferPool(2L * BufferPool.MIN_FLOATS);
        pool.give(new float[BufferPool.MIN_FLOATS - 1]);
        assertEquals(0, pool.pooledFloats());
        pool.give(new float[BufferPool.MIN_FLOATS]);
        pool.give(new float[BufferPool.MIN_FLOATS]);
        pool.give(new float[BufferPool.MIN_FLOATS]);   // over the cap
        assertEquals(2L * BufferPool.MIN_FLOATS, pool.pooledFloats());
    }

    @Test
    void inferenceDropsTheBuffersTrainingLeftBehind() {
        CpuBackend be = CpuBackend.INSTANCE;
        be.release(be.allocateUninitialized(2 * BufferPool.MIN_FLOATS + 1));
        assertTrue(be.pooledFloats() > 0);
        try (var scope = dev.hne.engine.autograd.Autograd.noGrad()) {
            dev.hne.engine.Tensor.empty(be, 3, 5);
        }
        assertEquals(0, be.pooledFloats());
    }

    @Test
    void allocateAfterReleaseIsZeroFilledAndTheOldStorageIsDead() {
        CpuBackend be = CpuBackend.INSTANCE;
        int size = 3 * BufferPool.MIN_FLOATS + 5;
        Storage s = be.allocateUninitialized(size);
        float[] data = ((CpuStorage) s).data();
        Arrays.fill(data, 7f);
        be.release(s);
        assertThrows(IllegalStateException.class, () -> be.download(s));
        Storage t = be.allocate(size);   // zero-filled: never a recycled array
        float[] again = ((CpuStorage) t).data();
        assertNotSame(data, again);
        for (float v : again) assertEquals(0f, v);
        be.release(t);
        Storage u = be.allocateUninitialized(size);   // the recycled one
        assertNotSame(t, u);
        be.release(u);
        be.release(u);   // a second release is harmless
    }
}
