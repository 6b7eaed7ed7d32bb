package dev.hne.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Memory;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.backend.Storage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The one free-array cache: best-fit reuse (at most twice the size) for scratch memory, exact for the rest, storages in longer arrays, zero-filled reuse by allocate, the cap, and use after release. */
class BufferPoolTest {

    @Test
    void reusesAnArrayOfExactlyTheSameSize() {
        BufferPool pool = new BufferPool(1 << 20);
        float[] a = new float[BufferPool.MIN_FLOATS + 3];
        pool.give(a);
        assertNull(pool.take(a.length + 1, true));
        assertSame(a, pool.take(a.length, true));
        assertNull(pool.take(a.length, true));
        assertEquals(0, pool.pooledFloats());
    }

    @Test
    void aRequestTakesTheSmallestFreeArrayOfAtMostTwiceItsSize() {
        int m = BufferPool.MIN_FLOATS;
        BufferPool pool = new BufferPool(1 << 24);
        float[] small = new float[m], middle = new float[m * 3 / 2], large = new float[3 * m];
        pool.give(large);
        pool.give(small);
        pool.give(middle);
        assertSame(middle, pool.take(m + 1, true));   // small is too short, large fits but is not the best
        assertNull(pool.take(m + 1, true));           // large is more than twice m + 1
        assertSame(large, pool.take(3 * m / 2, true));   // exactly twice
        assertSame(small, pool.take(m / 2 + 1, true));
        assertEquals(0, pool.pooledFloats());
    }

    @Test
    void aBestFitDropsTheEmptyListsOfOtherSizesItWalksPastButKeepsItsOwn() {
        int m = BufferPool.MIN_FLOATS;
        BufferPool pool = new BufferPool(1 << 24);
        for (int i = 0; i < 10; i++) {   // ten sizes in (m, 2m), each taken back: ten empty lists
            float[] a = new float[m + 1 + i];
            pool.give(a);
            assertSame(a, pool.take(a.length, false));
        }
        float[] far = new float[2 * m];
        pool.give(far);
        assertEquals(11, pool.sizeCount());
        assertSame(far, pool.take(m + 1, true));   // found past the empty ones
        assertEquals(2, pool.sizeCount(), "its own size's (empty) list and the one it emptied stay");
        assertNull(pool.take(m + 2, true));
        assertEquals(1, pool.sizeCount(), "a walk that finds nothing drops what it passed");
        float[] again = new float[m + 1];
        pool.give(again);
        assertSame(again, pool.take(m + 1, false));
        assertEquals(1, pool.sizeCount());
    }

    @Test
    void onlyAScopesScratchMemoryTakesALargerArrayTrainingMemoryAnExactOne() {
        CpuBackend be = CpuBackend.withThreads(1);
        int size = 4 * BufferPool.MIN_FLOATS + 1;
        Storage larger = be.allocate(2 * size - 2, false);
        float[] array = ((CpuStorage) larger).data();
        be.release(larger);
        assertNotSame(array, ((CpuStorage) be.allocate(size, false)).data(), "a recorded forward pass (grad on)");
        try (var noGrad = Autograd.noGrad()) {
            assertNotSame(array, ((CpuStorage) be.allocate(size, false)).data(), "no grad, but no scope");
            try (var walk = Memory.unscoped(); var scope = Memory.scope()) {
                assertNotSame(array, ((CpuStorage) be.allocate(size, false)).data(), "a backward walk or checkpoint");
            }
            try (var scope = Memory.scope()) {
                assertSame(array, ((CpuStorage) be.allocate(size, false)).data(), "inference scratch");
            }
        }
    }

    @Test
    void aStorageInALongerArrayIsOnlyItsPrefixToEveryKernel() {
        CpuBackend be = CpuBackend.withThreads(2);
        int size = 5 * BufferPool.MIN_FLOATS + 3, longer = 2 * size - 1;
        Storage big = be.allocate(longer, false);
        float[] array = ((CpuStorage) big).data();
        be.release(big);
        Storage s;
        try (var noGrad = Autograd.noGrad(); var scope = Memory.scope()) {   // scratch: a best fit
            s = be.allocate(size, true);
        }
        assertSame(array, ((CpuStorage) s).data());
        assertEquals(size, s.size());
        Arrays.fill(array, size, longer, 42f);   // what a kernel must neither read nor write
        float[] x = new float[size], y = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (i % 7) - 3;
            y[i] = 0.5f * (i % 5);
        }
        be.fill(s, 1f);
        be.axpy(2f, be.upload(x), s);                                       // s = 1 + 2x
        be.binary(dev.hne.engine.backend.BinaryOp.MUL, s, be.upload(y), s);   // s = (1 + 2x) y, the longer array first
        be.unary(dev.hne.engine.backend.UnaryOp.RELU, s, s);
        float[] got = be.download(s);
        assertEquals(size, got.length);
        for (int i = 0; i < size; i++) {
            assertEquals(Math.max(0f, (1 + 2 * x[i]) * y[i]), got[i], 0f, "element " + i);
        }
        for (int i = size; i < longer; i++) {
            assertEquals(42f, array[i], 0f, "element " + i + " beyond the storage");
        }
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
