package dev.hne.report;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Whether the JVM's heap is fixed and pre-touched, which a server and a timing want: a heap that may
 * grow and shrink (-Xms below -Xmx, the default) is committed and uncommitted by the collector as it
 * resizes the young generation, and the first write to each re-committed page is a page fault that
 * the kernel serves on the thread that writes, i.e. the thread that computes. Measured
 * (docs/performance.md, "The overhead of adaptive evaluation"): one evaluation of 10,000 images spent
 * up to 4 s of kernel time on its own thread after a GC, and none with
 * {@code -Xms = -Xmx -XX:+AlwaysPreTouch}.
 */
public final class HeapCheck {

    private HeapCheck() {}

    /** One line about this JVM's heap; {@code consequence} says what a resizing heap does to this command. */
    public static String ofThisJvm(String consequence) {
        long init = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getInit();
        long max = Runtime.getRuntime().maxMemory();
        boolean preTouch = false;
        try {
            var hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            preTouch = hotspot != null && Boolean.parseBoolean(hotspot.getVMOption("AlwaysPreTouch").getValue());
        } catch (IllegalArgumentException e) {
            // not a HotSpot JVM: say nothing about pre-touching
        }
        return describe(init, max, preTouch, consequence);
    }

    /** The line for a heap of {@code initBytes} at start and {@code maxBytes} at most. */
    public static String describe(long initBytes, long maxBytes, boolean preTouch, String consequence) {
        long initMb = initBytes >> 20, maxMb = maxBytes >> 20;
        // the JVM reports the most it can use a little below -Xmx (one survivor space): within 5% is the same heap
        if (initBytes > 0 && initBytes >= maxBytes * 0.95) {
            return preTouch
                    ? String.format(Locale.ROOT, "heap: fixed at %d MB and pre-touched", maxMb)
                    : String.format(Locale.ROOT, "heap: fixed at %d MB; add -XX:+AlwaysPreTouch so that its pages are mapped before the work starts", maxMb);
        }
        return String.format(Locale.ROOT, "note: the heap may grow and shrink (%d MB at start, %d MB at most): page faults "
                + "after a GC then fall on the computing thread, so %s; for steady numbers run with "
                + "HNE_JAVA_OPTS=\"-Xms%dm -Xmx%dm -XX:+AlwaysPreTouch\"", initMb, maxMb, consequence, maxMb, maxMb);
    }
}
