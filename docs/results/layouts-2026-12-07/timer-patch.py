"""Per-call timer for a kernel class with CpuConv.forwardFused's signature (CpuConv, or the ChannelsLastConv /
PixelBlockConv of the patches here): renames forwardFused to forwardFused0 and wraps it, summing nanoseconds per
geometry (+ " res" with a residual); the first -Dwarm=N calls are left out; the sums are printed at exit, largest
first, with microseconds per call. Usage: python3 timer-patch.py SRC.java OUT.java, then javac OUT.java against
engine/target/classes into a directory placed first on the class path (never committed)."""
import sys
src, out = sys.argv[1], sys.argv[2]
s = open(src).read()
old = '''    static void forwardFused(Parallel par, ConvGeometry g, float[] x, float[] w, WeightGroups wg, float[] scale,
                             float[] shift, float[] residual, float lo, float hi, float[] y) {
'''
assert old in s, 'forwardFused with the expected signature not found'
new = '''    static final java.util.concurrent.ConcurrentHashMap<String, long[]> TIMES = new java.util.concurrent.ConcurrentHashMap<>();
    static final java.util.concurrent.atomic.AtomicLong CALLS = new java.util.concurrent.atomic.AtomicLong();
    static final long WARM = Long.getLong("warm", 0);
    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> TIMES.entrySet().stream()
                .sorted((p, q) -> Long.compare(q.getValue()[0], p.getValue()[0]))
                .forEach(e -> System.err.printf("TIME %8.1f ms %6d calls %6.1f us %s%n", e.getValue()[0] / 1e6,
                        e.getValue()[1], e.getValue()[0] / 1e3 / e.getValue()[1], e.getKey()))));
    }
    static void forwardFused(Parallel par, ConvGeometry g, float[] x, float[] w, WeightGroups wg, float[] scale,
                             float[] shift, float[] residual, float lo, float hi, float[] y) {
        long t0 = System.nanoTime();
        forwardFused0(par, g, x, w, wg, scale, shift, residual, lo, hi, y);
        long[] a = TIMES.computeIfAbsent(g + (residual != null ? " res" : ""), key -> new long[2]);
        if (CALLS.incrementAndGet() == WARM) TIMES.clear(); else { a[0] += System.nanoTime() - t0; a[1]++; }
    }
    static void forwardFused0(Parallel par, ConvGeometry g, float[] x, float[] w, WeightGroups wg, float[] scale,
                             float[] shift, float[] residual, float lo, float hi, float[] y) {
'''
open(out, 'w').write(s.replace(old, new))
