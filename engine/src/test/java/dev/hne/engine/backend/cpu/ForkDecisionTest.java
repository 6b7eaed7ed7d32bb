package dev.hne.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** An op's work decides whether it forks; either way every index is computed exactly once. */
class ForkDecisionTest {

    @Test
    void forksOnlyWithSeveralThreadsAndEnoughWork() {
        Parallel two = new Parallel(2), one = new Parallel(1);
        assertFalse(two.worthForking(Parallel.FORK_MIN_WORK - 1));
        assertTrue(two.worthForking(Parallel.FORK_MIN_WORK));
        assertFalse(one.worthForking(Parallel.FORK_MIN_WORK * 100));
    }

    @Test
    void smallWorkRunsEveryChunkOnTheCaller() {
        Parallel two = new Parallel(2);
        Set<Thread> runners = ConcurrentHashMap.newKeySet();
        AtomicIntegerArray hits = new AtomicIntegerArray(64);
        WorkQueue.forRange(two, 64, 1, Parallel.FORK_MIN_WORK - 1, (from, to) -> {
            runners.add(Thread.currentThread());
            for (int i = from; i < to; i++) hits.incrementAndGet(i);
        });
        assertEquals(Set.of(Thread.currentThread()), runners);
        for (int i = 0; i < 64; i++) assertEquals(1, hits.get(i), "index " + i);
    }

    @Test
    void largeWorkStillCoversEveryIndexOnce() {
        Parallel two = new Parallel(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(1000);
        WorkQueue.forRange(two, 1000, 1, Parallel.FORK_MIN_WORK, (from, to) -> {
            for (int i = from; i < to; i++) hits.incrementAndGet(i);
        });
        for (int i = 0; i < 1000; i++) assertEquals(1, hits.get(i), "index " + i);
    }
}
