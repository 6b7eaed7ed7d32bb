package dev.hne.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pool counts the CPU time its worker threads spend, which the process's CPU time would blur with JIT and GC. */
class WorkerCpuTimeTest {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void aWorkersSpinIsCountedAndTheCallersIsNot() throws InterruptedException {
        Parallel two = new Parallel(2);
        long before = two.workersCpuNanos();
        CountDownLatch workerStarted = new CountDownLatch(1);
        AtomicLong workerSpun = new AtomicLong();
        Thread caller = Thread.currentThread();
        two.forRange(2, (from, to) -> {
            if (Thread.currentThread() == caller) {
                // the caller's own chunk: wait (without spinning) until a worker has taken the other one
                try {
                    assertTrue(workerStarted.await(30, TimeUnit.SECONDS), "no worker took the second chunk");
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                return;
            }
            workerStarted.countDown();
            workerSpun.set(spinCpu(50_000_000L));
        });
        long counted = two.workersCpuNanos() - before;
        assertTrue(workerSpun.get() >= 50_000_000L);
        assertTrue(counted >= workerSpun.get(), "counted " + counted + " ns, the worker spun " + workerSpun.get());
        // the caller waited and the worker did little besides spinning: far less than a second more
        assertTrue(counted < workerSpun.get() + 1_000_000_000L, "counted " + counted + " ns");
    }

    @Test
    void oneThreadHasNoWorkers() {
        Parallel one = new Parallel(1);
        one.forRange(4, (from, to) -> spinCpu(5_000_000L));
        assertEquals(0, one.workersCpuNanos());
    }

    /** Spins until this thread has used at least {@code nanos} of CPU; returns how much it used. */
    private static long spinCpu(long nanos) {
        long start = THREADS.getCurrentThreadCpuTime();
        long used;
        double sink = 0;
        do {
            for (int i = 0; i < 10_000; i++) sink += Math.sqrt(i + sink);
            used = THREADS.getCurrentThreadCpuTime() - start;
        } while (used < nanos);
        if (sink == -1) System.out.println(sink);
        return used;
    }
}
