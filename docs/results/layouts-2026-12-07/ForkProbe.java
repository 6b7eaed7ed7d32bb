package dev.hne.engine.backend.cpu;

import java.util.concurrent.atomic.AtomicLong;

/** Per call time of forChunks(2 chunks) of a body of W microseconds of arithmetic each, and who ran the chunks. */
public class ForkProbe {
    static volatile double sink;
    public static void main(String[] a) {
        Parallel par = new Parallel(2);
        for (int us : new int[] {2, 5, 10, 20}) {
            AtomicLong byWorker = new AtomicLong(), total = new AtomicLong();
            int iters = 20000;
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                byWorker.set(0); total.set(0);
                long t0 = System.nanoTime();
                for (int i = 0; i < iters; i++) {
                    par.forChunks(2, 2, (from, to) -> {
                        total.incrementAndGet();
                        if (Thread.currentThread() instanceof Thread && !Thread.currentThread().getName().equals("main")) byWorker.incrementAndGet();
                        long end = System.nanoTime() + us * 1000L; double s = 0;
                        while (System.nanoTime() < end) s += Math.sqrt(s + 1);
                        sink = s;
                    });
                }
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("body %2d us: %.2f us per call (ideal %d), worker ran %d of %d chunks%n", us, best / 1e3 / iters, us, byWorker.get(), total.get());
        }
        System.exit(0);
    }
}
