package dev.hne.policy;

import dev.hne.engine.Tensor;
import dev.hne.engine.backend.cpu.CpuBackend;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time that evaluation itself spends: the calling thread's, plus the CPU backend's worker
 * threads' ({@link dev.hne.engine.backend.cpu.Parallel#workersCpuNanos}). Not the process's CPU
 * time, which also counts the JIT compiler and the garbage collector: those threads run whenever
 * they run, so whichever measurement they fall into looks slower. GC work that the evaluation
 * causes is left out too, for policies and fixed n alike. What this does count is the kernel time
 * of the evaluating threads, page faults included: on a heap that resizes, those were the larger
 * noise (docs/performance.md, "Item 4 measured again"; run timings with a fixed heap).
 */
public final class ComputeCpuTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ComputeCpuTime() {}

    /** Nanoseconds so far; only differences mean anything. Falls back to the process's CPU time. */
    public static long nanos() {
        if (!THREADS.isCurrentThreadCpuTimeSupported()) return processNanos();
        long workers = Tensor.defaultBackend() instanceof CpuBackend cpu ? cpu.parallel().workersCpuNanos() : 0;
        return THREADS.getCurrentThreadCpuTime() + workers;
    }

    private static long processNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? Math.max(0, sun.getProcessCpuTime()) : 0;
    }
}
