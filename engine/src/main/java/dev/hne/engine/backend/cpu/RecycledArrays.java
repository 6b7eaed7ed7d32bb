package dev.hne.engine.backend.cpu;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Arrays handed back through {@code Backend.recycle}, kept by exact length for the next allocation
 * of that length. Inference allocates the same activation sizes layer after layer and forward after
 * forward, so a few arrays per size serve all of them and the garbage collector has little to do.
 *
 * <p>Not a memory manager: it holds at most {@link #MAX_PER_SIZE} arrays per length and only
 * through soft references, so the collector can still take them when memory runs short, and it
 * never hands out an array twice. Correctness rests on the caller: recycle only a tensor nobody
 * else can reach (see ConvBnAct, Bottleneck, Level in hne-core).
 */
final class RecycledArrays {

    private static final int MAX_PER_SIZE = 4;
    /** Arrays smaller than this are cheaper to allocate than to look up. */
    private static final int MIN_LENGTH = 1 << 12;

    private final Map<Integer, ArrayDeque<SoftReference<float[]>>> bySize = new HashMap<>();

    synchronized void put(float[] array) {
        if (array.length < MIN_LENGTH) {
            return;
        }
        ArrayDeque<SoftReference<float[]>> free = bySize.computeIfAbsent(array.length, k -> new ArrayDeque<>());
        for (SoftReference<float[]> ref : free) {
            if (ref.get() == array) {
                throw new IllegalStateException("an array was recycled twice");
            }
        }
        if (free.size() < MAX_PER_SIZE) {
            free.push(new SoftReference<>(array));
        }
    }

    /** An array of exactly {@code length} floats with unspecified contents, or null. */
    synchronized float[] take(int length) {
        if (length < MIN_LENGTH) {
            return null;
        }
        ArrayDeque<SoftReference<float[]>> free = bySize.get(length);
        while (free != null && !free.isEmpty()) {
            float[] array = free.pop().get();
            if (array != null) {
                return array;
            }
        }
        return null;
    }
}
