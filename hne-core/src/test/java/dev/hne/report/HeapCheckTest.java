package dev.hne.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Servers and timings say whether the heap is fixed and pre-touched, and how to make it so. */
class HeapCheckTest {

    private static final long MB = 1 << 20;

    @Test
    void aGrowingHeapGetsANoteWithTheOptionsThatFixIt() {
        String line = HeapCheck.describe(256 * MB, 1024 * MB, false, "stages stall");
        assertTrue(line.startsWith("note: the heap may grow and shrink (256 MB at start, 1024 MB at most)"), line);
        assertTrue(line.contains("so stages stall;"), line);
        assertTrue(line.endsWith("HNE_JAVA_OPTS=\"-Xms1024m -Xmx1024m -XX:+AlwaysPreTouch\""), line);
    }

    @Test
    void aFixedHeapIsSaidToBeFixedAndWhetherItIsPreTouched() {
        assertEquals("heap: fixed at 1024 MB and pre-touched", HeapCheck.describe(1024 * MB, 1024 * MB, true, "x"));
        assertTrue(HeapCheck.describe(1024 * MB, 1024 * MB, false, "x").contains("add -XX:+AlwaysPreTouch"));
        // -Xms1g -Xmx1g: the JVM reports 1024 MB at start and ~990 MB at most (one survivor space less)
        assertTrue(HeapCheck.describe(1024 * MB, 990 * MB, true, "x").startsWith("heap: fixed at 990 MB"));
        assertTrue(HeapCheck.describe(0, 1024 * MB, true, "x").startsWith("note:"), "an unknown initial size is not a fixed heap");
        assertTrue(HeapCheck.describe(512 * MB, 1024 * MB, true, "x").startsWith("note:"));
    }
}
