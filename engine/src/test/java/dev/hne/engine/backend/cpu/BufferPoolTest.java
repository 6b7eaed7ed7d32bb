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

/** The one free-array cache: exact-size reuse, zero-filled reuse by allocate, the cap, and use after release. */
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
    void inferenceReusesWhatWasReleased() {
        // one cache for training and inference: an array released in grad mode serves a no-grad op output
        CpuBackend be = CpuBackend.withThreads(1);   // a backend of its own, so no other test's arrays are in its pool
        Storage s = be.allocate(2 * BufferPool.MIN_FLOATS + 1, false);
        float[] array = ((CpuStorage) s).data();
        be.release(s);
        try (var scope = dev.hne.engine.autograd.Autograd.noGrad()) {
            dev.hne.engine.Tensor t = dev.hne.engine.Tensor.empty(be, 2 * BufferPool.MIN_FLOATS + 1);
            assertSame(array, ((CpuStorage) t.storage()).data());
        }
    }

    @Test
    void allocateAfterReleaseIsZeroFilledAndTheOldStorageIsDead() {
        CpuBackend be = CpuBackend.withThreads(1);
        int size = 3 * BufferPool.MIN_FLOATS + 5;
        Storage s = be.allocate(size, false);
        float[] data = ((CpuStorage) s).data();
        Arrays.fill(data, 7f);
        be.release(s);
        // use after release fails loudly, on every path that reads or writes the storage
        assertThrows(IllegalStateException.class, () -> be.download(s));
        assertThrows(IllegalStateException.class, () -> be.fill(s, 1f));
        Storage t = be.allocate(size, true);   // the released array, zero-filled as allocate promises
        float[] again = ((CpuStorage) t).data();
        assertSame(data, again);
        for (float v : again) assertEquals(0f, v);
        be.release(t);
        Storage u = be.allocate(size, false);   // the same array once more, through a new storage
        assertNotSame(t, u);
        assertThrows(IllegalStateException.class, () -> be.download(t));
        be.release(u);
        be.release(u);   // a second release does nothing: the array is handed out once, not twice
        float[] first = ((CpuStorage) be.allocate(size, false)).data();
        float[] second = ((CpuStorage) be.allocate(size, false)).data();
        assertNotSame(first, second);
    }
}
