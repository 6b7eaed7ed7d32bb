package dev.hne.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The pool's contract: every index once, failures reach the caller, several callers at once, idle workers park and die with the pool. */
class ParallelTest {

    @Test
    void aWorkersFailureIsThrownByTheCallerAndThePoolGoesOn() throws InterruptedException {
        Parallel two = new Parallel(2);
        Thread caller = Thread.currentThread();
        CountDownLatch workerFailed = new CountDownLatch(1), callerStarted = new CountDownLatch(1);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> two.forRange(2, (from, to) -> {
            if (Thread.currentThread() == caller) {
                callerStarted.countDown();
                await(workerFailed);   // so that the other chunk is the worker's
                return;
            }
            await(callerStarted);      // a worker that is quick would otherwise go on to take chunk 0 as well
            workerFailed.countDown();
            throw new IllegalStateException("chunk " + from);
        }));
        assertEquals("chunk 1", thrown.getMessage());
        AtomicIntegerArray hits = new AtomicIntegerArray(100);
        two.forRange(100, (from, to) -> {
            for (int i = from; i < to; i++) hits.incrementAndGet(i);
        });
        for (int i = 0; i < 100; i++) assertEquals(1, hits.get(i), "index " + i);
    }

    /**
     * Thread t starts on the t-th block of a job's chunks, so consecutive ops that cut their data alike
     * keep each part on one core. The caller holds chunk 0 until the worker has begun a chunk, and the
     * worker's first chunk waits until chunk 0 has begun (so the worker cannot steal it first): taken
     * in one order, the worker's first chunk would be 0 or 1; its own block starts at chunk 2 of 4.
     */
    @Test
    void eachThreadStartsOnItsOwnBlockOfChunks() throws InterruptedException {
        Parallel two = new Parallel(2);
        Thread caller = Thread.currentThread();
        CountDownLatch workerStarted = new CountDownLatch(1), chunk0Started = new CountDownLatch(1);
        AtomicIntegerArray firstOfWorker = new AtomicIntegerArray(new int[] {-1});
        AtomicIntegerArray ranOnCaller = new AtomicIntegerArray(4);
        two.forChunks(4, 4, (from, to) -> {
            if (from == 0) chunk0Started.countDown();
            if (Thread.currentThread() == caller) {
                ranOnCaller.set(from, 1);
                if (from == 0) await(workerStarted);
                return;
            }
            firstOfWorker.compareAndSet(0, -1, from);
            workerStarted.countDown();
            await(chunk0Started);
        });
        assertEquals(2, firstOfWorker.get(0), "the worker's first chunk");
        assertEquals(1, ranOnCaller.get(0), "chunk 0 ran on the caller");
        assertEquals(0, ranOnCaller.get(2), "chunk 2 ran on the worker");
    }

    @Test
    void callersOnSeveralThreadsEachGetEveryIndexOnce() throws InterruptedException {
        Parallel three = new Parallel(3);
        int callers = 4, rounds = 200, n = 64;
        AtomicIntegerArray[] hits = new AtomicIntegerArray[callers];
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int c = 0; c < callers; c++) {
            AtomicIntegerArray mine = hits[c] = new AtomicIntegerArray(n);
            Thread t = new Thread(() -> {
                for (int r = 0; r < rounds; r++) {
                    three.forRange(n, (from, to) -> {
                        for (int i = from; i < to; i++) mine.incrementAndGet(i);
                    });
                }
            });
            t.setUncaughtExceptionHandler((th, e) -> failure.set(e));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join(60_000);
        assertSame(null, failure.get());
        for (int c = 0; c < callers; c++) {
            for (int i = 0; i < n; i++) assertEquals(rounds, hits[c].get(i), "caller " + c + ", index " + i);
        }
    }

    @Test
    void anIdleWorkerParksAfterItsSpin() throws InterruptedException {
        Parallel two = new Parallel(2);
        Thread worker = aWorkerOf(two);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (worker.getState() != Thread.State.WAITING && System.nanoTime() < deadline) Thread.sleep(1);
        assertEquals(Thread.State.WAITING, worker.getState(), "the worker still polls long after its job");
        long cpu = two.workersCpuNanos();
        Thread.sleep(200);
        assertTrue(two.workersCpuNanos() - cpu < 20_000_000L, "a parked worker used CPU");
    }

    @Test
    void thePoolsWorkersEndWhenThePoolIsCollected() throws InterruptedException {
        WeakReference<Thread> worker = new WeakReference<>(aWorkerOf(new Parallel(2)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Thread t;
        while ((t = worker.get()) != null && t.isAlive() && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        t = worker.get();
        assertFalse(t != null && t.isAlive(), "the worker of an unreachable pool is still running");
    }

    /** Runs a two-chunk loop whose second chunk only a worker can take, and returns that worker. */
    private static Thread aWorkerOf(Parallel two) {
        Thread caller = Thread.currentThread();
        CountDownLatch taken = new CountDownLatch(1);
        AtomicReference<Thread> worker = new AtomicReference<>();
        two.forRange(2, (from, to) -> {
            if (Thread.currentThread() == caller) {
                await(taken);
                return;
            }
            worker.set(Thread.currentThread());
            taken.countDown();
        });
        assertTrue(worker.get() != null && worker.get() != caller);
        return worker.get();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS), "no worker took the other chunk");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
