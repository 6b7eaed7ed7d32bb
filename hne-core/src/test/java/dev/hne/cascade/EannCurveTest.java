package dev.hne.cascade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hne.policy.StageFeatures;
import dev.hne.policy.StageTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The EANN's anytime curve and cost overheads ({@link EannCurve}) against values worked out by
 * hand: the answer at each point is the exit with the best HELD-OUT accuracy reached so far, its
 * cost is the earlier networks in full plus the current one up to the exit.
 */
class EannCurveTest {

    /** A table of 4 examples whose stage s gets {@code right[s]} of them right, at the given cumulative costs. */
    private static StageTable table(int[] right, double... cumulative) {
        int stages = right.length;
        StageFeatures[][] f = new StageFeatures[stages][4];
        boolean[][] c = new boolean[stages][4];
        for (int s = 0; s < stages; s++) {
            for (int i = 0; i < 4; i++) {
                f[s][i] = new StageFeatures(s + 1, stages, 0.5, 0.1, 0.5, 1);
                c[s][i] = i < right[s];
            }
        }
        return new StageTable(f, c, cumulative, 10);
    }

    @Test
    void theAnswerIsTheBestHeldOutExitSoFarAndItsCostIncludesTheEarlierNetworks() {
        // network 1: exits at 1 and 2 MMACs; network 2: exits at 1.5 and 4 MMACs (alone)
        // held-out right of 4: net 1 = 2, 3; net 2 = 2, 4.   test right of 4: net 1 = 1, 2; net 2 = 3, 4
        List<StageTable> held = List.of(table(new int[] {2, 3}, 1, 2), table(new int[] {2, 4}, 1.5, 4));
        List<StageTable> test = List.of(table(new int[] {1, 2}, 1, 2), table(new int[] {3, 4}, 1.5, 4));
        List<EannCurve.Point> p = EannCurve.of(held, test).points();
        assertEquals(4, p.size());
        // (network, exit) -> cost; answer; held-out, test accuracy of the answer
        // 1.1 -> 1;         answer 1.1; 0.50, 0.25
        // 1.2 -> 2;         answer 1.2; 0.75, 0.50
        // 2.1 -> 2 + 1.5;   answer still 1.2: 2.1's held-out 0.50 < 0.75 (its test 0.75 is not looked at)
        // 2.2 -> 2 + 4;     answer 2.2; 1.00, 1.00
        double[][] expected = {{1, 1, 1, 0.5, 0.25}, {2, 1, 2, 0.75, 0.5}, {3.5, 1, 2, 0.75, 0.5}, {6, 2, 2, 1, 1}};
        for (int i = 0; i < 4; i++) {
            EannCurve.Point q = p.get(i);
            assertArrayEquals(expected[i], new double[] {q.mmacs(), q.answerNetwork(), q.answerExit(), q.holdoutAccuracy(),
                    q.testAccuracy()}, 1e-12, "point " + i);
        }
        assertArrayEquals(new int[] {1, 1, 2, 2}, p.stream().mapToInt(EannCurve.Point::network).toArray());
        assertArrayEquals(new int[] {1, 2, 1, 2}, p.stream().mapToInt(EannCurve.Point::exit).toArray());
    }

    @Test
    void aTieOnTheHeldOutSplitGoesToTheLaterExit() {
        List<StageTable> held = List.of(table(new int[] {3}, 1), table(new int[] {3}, 2));
        List<StageTable> test = List.of(table(new int[] {1}, 1), table(new int[] {4}, 2));
        EannCurve.Point last = EannCurve.of(held, test).points().get(1);
        assertEquals(2, last.answerNetwork());
        assertEquals(1.0, last.testAccuracy());
    }

    @Test
    void overheadsStayUnderTheGeometricBound() {
        // full costs 2, 4: (2) / 2 = 1, (2 + 4) / 4 = 1.5; ratio b = 2 -> bound b / (b - 1) = 2
        List<StageTable> two = List.of(table(new int[] {1, 2}, 1, 2), table(new int[] {1, 2}, 1.5, 4));
        assertArrayEquals(new double[] {1, 1.5}, EannCurve.overheads(two), 1e-12);
        assertEquals(2, EannCurve.bound(two), 1e-12);
        // 1, 3, 9: overheads 1, 4/3, 13/9, all below 3 / (3 - 1) = 1.5
        List<StageTable> three = List.of(table(new int[] {1}, 1), table(new int[] {1}, 3), table(new int[] {1}, 9));
        assertArrayEquals(new double[] {1, 4 / 3.0, 13 / 9.0}, EannCurve.overheads(three), 1e-12);
        assertEquals(1.5, EannCurve.bound(three), 1e-12);
        // the smallest ratio sets the bound: 1, 4, 6 -> b = 1.5 -> 3
        List<StageTable> uneven = List.of(table(new int[] {1}, 1), table(new int[] {1}, 4), table(new int[] {1}, 6));
        assertEquals(3, EannCurve.bound(uneven), 1e-12);
        // no growth, no bound
        assertEquals(Double.POSITIVE_INFINITY, EannCurve.bound(List.of(table(new int[] {1}, 2), table(new int[] {1}, 2))));
    }
}
