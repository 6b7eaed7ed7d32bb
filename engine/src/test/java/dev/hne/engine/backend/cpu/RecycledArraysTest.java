package dev.hne.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hne.engine.backend.Storage;
import org.junit.jupiter.api.Test;

/** Recycled arrays come back only for the same length, zero-filled through allocate, and only once. */
class RecycledArraysTest {

    @Test
    void anArrayIsReusedForTheSameLengthOnlyAndOnlyOnce() {
        RecycledArrays pool = new RecycledArrays();
        float[] a = new float[10_000];
        pool.put(a);
        assertNull(pool.take(10_001));
        assertSame(a, pool.take(10_000));
        assertNull(pool.take(10_000));
        pool.put(a);
        assertThrows(IllegalStateException.class, () -> pool.put(a));
    }

    @Test
    void allocateHandsBackARecycledArrayZeroFilled() {
        Storage s = CpuBackend.INSTANCE.allocate(20_000);
        CpuBackend.INSTANCE.fill(s, 3f);
        CpuBackend.INSTANCE.recycle(s);
        Storage t = CpuBackend.INSTANCE.allocate(20_000);
        float[] d = CpuBackend.INSTANCE.download(t);
        for (float v : d) {
            if (v != 0f) throw new AssertionError("a recycled array must come back zero-filled, got " + v);
        }
    }
}
