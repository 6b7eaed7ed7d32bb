package dev.hne.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What an Outcome sums and refuses, and which stage tables are consistent (issue 19: PIT survivors). */
class OutcomeAndTableTest {

    @Test
    void tallyAveragesOverExamplesAndTimesOnlyWhenAsked() {
        Outcome.Tally t = new Outcome.Tally(3);
        t.stop(1, true, 2.0);
        t.stop(3, false, 10.0);
        t.stop(3, true, 10.0);
        t.stop(2, true, 6.0);
        t.time(8_000_000L, 4_000_000L);                       // 8 ms wall, 4 ms CPU over 4 examples
        Outcome timed = t.outcome("p", true);
        assertEquals("p", timed.label());
        assertEquals(4, timed.examples());
        assertEquals(0.75, timed.accuracy(), 0.0);
        assertEquals(7.0, timed.averageMMacs(), 1e-12);         // (2 + 10 + 10 + 6) / 4
        assertEquals(2.0, timed.msPerExample(), 1e-12);
        assertEquals(1.0, timed.cpuMsPerExample(), 1e-12);
        assertArrayEquals(new int[] {1, 1, 2}, timed.exits());
        Outcome untimed = t.outcome("p", false);
        assertTrue(Double.isNaN(untimed.msPerExample()) && Double.isNaN(untimed.cpuMsPerExample()));
    }

    @Test
    void anEmptyTallyIsZeroNotNaN() {
        Outcome o = new Outcome.Tally(2).outcome("none", false);
        assertEquals(0, o.examples());
        assertEquals(0.0, o.accuracy(), 0.0);
        assertEquals(0.0, o.averageMMacs(), 0.0);
    }

    @Test
    void exitsAreCopiedInAndOut() {
        int[] exits = {1, 2};
        Outcome o = new Outcome("x", 3, 1, 1, 0, 0, exits);
        exits[0] = 99;
        o.exits()[1] = 99;
        assertArrayEquals(new int[] {1, 2}, o.exits());
    }

    @Test
    void meanTimingAveragesTheTwoMeasurementsOfOneEvaluation() {
        Outcome a = new Outcome("x", 4, 0.5, 3, 2, 1, new int[] {2, 2});
        Outcome b = new Outcome("x", 4, 0.5, 3, 4, 5, new int[] {2, 2});
        Outcome m = a.meanTimingWith(b);
        assertEquals(3.0, m.msPerExample(), 0.0);
        assertEquals(3.0, m.cpuMsPerExample(), 0.0);
        assertEquals(3.0, m.averageMMacs(), 0.0);
        assertArrayEquals(new int[] {2, 2}, m.exits());
        assertThrows(IllegalArgumentException.class,
                () -> a.meanTimingWith(new Outcome("x", 5, 0.5, 3, 2, 1, new int[] {2, 2})));
        assertThrows(IllegalArgumentException.class,
                () -> a.meanTimingWith(new Outcome("x", 4, 0.25, 3, 2, 1, new int[] {2, 2})));
        assertThrows(IllegalArgumentException.class,
                () -> a.meanTimingWith(new Outcome("x", 4, 0.5, 3, 2, 1, new int[] {1, 3})));
    }

    @Test
    void medianTimingTakesTheMiddleMeasurementOfWallAndCpuSeparately() {
        Outcome a = new Outcome("x", 4, 0.5, 3, 2, 9, new int[] {2, 2});
        Outcome b = new Outcome("x", 4, 0.5, 3, 7, 1, new int[] {2, 2});
        Outcome c = new Outcome("x", 4, 0.5, 3, 3, 4, new int[] {2, 2});
        Outcome m = Outcome.medianTiming(java.util.List.of(a, b, c));
        assertEquals(3.0, m.msPerExample(), 0.0);      // 2, 3, 7
        assertEquals(4.0, m.cpuMsPerExample(), 0.0);   // 1, 4, 9
        Outcome four = Outcome.medianTiming(java.util.List.of(a, b, c, new Outcome("x", 4, 0.5, 3, 100, 100, new int[] {2, 2})));
        assertEquals(5.0, four.msPerExample(), 0.0);   // 2, 3 | 7, 100
        assertEquals(6.5, four.cpuMsPerExample(), 0.0); // 1, 4 | 9, 100
        assertThrows(IllegalArgumentException.class,
                () -> Outcome.medianTiming(java.util.List.of(a, new Outcome("x", 4, 0.5, 3, 2, 1, new int[] {1, 3}))));
    }

    private static StageFeatures f(int stage, int stages) {
        return new StageFeatures(stage, stages, 0.5, 0.25, 0.5, 1);
    }

    @Test
    void tableRefusesMismatchedStagesOrExampleCounts() {
        StageFeatures[][] two = {{f(1, 2), f(1, 2)}, {f(2, 2), f(2, 2)}};
        boolean[][] right = {{true, false}, {true, true}};
        StageTable ok = new StageTable(two, right, new double[] {1, 3}, 10);
        assertEquals(2, ok.stages());
        assertEquals(2, ok.examples());
        assertEquals(10, ok.classes());
        assertEquals(3.0, ok.cumulativeMMacs(2), 0.0);
        assertThrows(IllegalArgumentException.class,
                () -> new StageTable(two, new boolean[][] {{true, false}}, new double[] {1, 3}, 10));
        assertThrows(IllegalArgumentException.class,
                () -> new StageTable(two, right, new double[] {1}, 10));
        assertThrows(IllegalArgumentException.class,
                () -> new StageTable(new StageFeatures[0][], new boolean[0][], new double[0], 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StageTable(
                new StageFeatures[][] {{f(1, 2), f(1, 2)}, {f(2, 2)}}, right, new double[] {1, 3}, 10));
        assertTrue(e.getMessage().contains("stage 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StageTable(two,
                new boolean[][] {{true, false}, {true}}, new double[] {1, 3}, 10));
    }

    @Test
    void theTableKeepsItsOwnCopyOfTheCosts() {
        double[] cost = {1, 3};
        StageTable t = new StageTable(new StageFeatures[][] {{f(1, 2)}, {f(2, 2)}},
                new boolean[][] {{true}, {false}}, cost, 2);
        cost[1] = 99;
        assertEquals(3.0, t.cumulativeMMacs(2), 0.0);
    }
}
