package dev.hne.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The oscillating SIEVE weights against weights worked out by hand, step by step. */
class OscillatingWeightsTest {

    @Test
    void sieveBaseWeightsByHand() {
        // E = 4, counted back from the last exit (p = 0 is exit 4): round step 1 adds 1 to p = 0,1,2,3,
        // round step 2 adds 1 to p = 0,2 -> (2,1,2,1); 2 rounds. p = 0 gets the others' sum 1+2+1 = 4
        // -> (4,1,2,1), sum 8, scaled to sum 2 -> (1, .25, .5, .25); by exit 1..4: .25 .5 .25 1
        assertArrayEquals(new double[] {0.25, 0.5, 0.25, 1.0}, OscillatingWeights.sieve(4), 1e-12);
        // E = 3: (1,1,1) then p = 0,2 -> (2,1,2); p = 0 gets 1 + 2 = 3 -> (3,1,2), sum 6 -> sum 2: (1, 1/3, 2/3)
        assertArrayEquals(new double[] {2.0 / 3, 1.0 / 3, 1.0}, OscillatingWeights.sieve(3), 1e-12);
        // E = 2: one round (1,1); p = 0 gets 1 -> (1,1), sum 2 -> sum 1
        assertArrayEquals(new double[] {0.5, 0.5}, OscillatingWeights.sieve(2), 1e-12);
        assertArrayEquals(new double[] {1.0}, OscillatingWeights.sieve(1), 1e-12);
        // E = 8: rounds 1, 2, 4 -> p: (3,1,2,1,3,1,2,1) -> p = 0 gets 11 -> sum 22 -> scaled to 3 (x 3/22)
        double[] e8 = OscillatingWeights.sieve(8);
        double[] byP = {11, 1, 2, 1, 3, 1, 2, 1};
        for (int p = 0; p < 8; p++) assertEquals(byP[p] * 3 / 22, e8[7 - p], 1e-12, "p = " + p);
    }

    @Test
    void weightsOfEachStepByHand() {
        // E = 4: B = (.25, .5, .25, 1), sum 2, so the drawn exit gets + 1. Cumulative draw
        // probabilities B / sum: exit 1 below .125, exit 2 below .375, exit 3 below .5, exit 4 up to 1.
        double[] draws = {-1, 0.1, 0.3, 0.45, 0.7, 0.125};   // [t - 1] for step t; step 1 is not drawn
        OscillatingWeights w = new OscillatingWeights(4, t -> draws[(int) t - 1]);
        double[] losses = {2, 1.5, 1, 0.5};   // not used by this weighting
        assertArrayEquals(new double[] {0.25, 0.5, 0.25, 2.0}, w.next(losses), 1e-12, "step 1: the last exit");
        assertArrayEquals(new double[] {1.25, 0.5, 0.25, 1.0}, w.next(losses), 1e-12, "u = 0.1: exit 1");
        assertArrayEquals(new double[] {0.25, 1.5, 0.25, 1.0}, w.next(losses), 1e-12, "u = 0.3: exit 2");
        assertArrayEquals(new double[] {0.25, 0.5, 1.25, 1.0}, w.next(losses), 1e-12, "u = 0.45: exit 3");
        assertArrayEquals(new double[] {0.25, 0.5, 0.25, 2.0}, w.next(losses), 1e-12, "u = 0.7: exit 4");
        assertArrayEquals(new double[] {0.25, 1.5, 0.25, 1.0}, w.next(losses), 1e-12, "u = 0.125: exit 2 (boundary)");
        assertEquals(6, w.steps());
    }

    @Test
    void seededDrawsFollowTheSieveProportions() {
        // 40,000 steps of a fixed seed: each exit is raised in proportion to B (.125, .25, .125, .5);
        // the binomial standard error is below 0.0025, the tolerance 0.01
        OscillatingWeights w = OscillatingWeights.seeded(4, 7);
        int[] raised = new int[4];
        for (int t = 0; t < 40_000; t++) {
            double[] b = w.next(new double[4]);
            for (int j = 0; j < 4; j++) if (b[j] > OscillatingWeights.sieve(4)[j] + 0.5) raised[j]++;
        }
        double[] expected = {0.125, 0.25, 0.125, 0.5};
        for (int j = 0; j < 4; j++) assertEquals(expected[j], raised[j] / 40_000.0, 0.01, "exit " + (j + 1));
    }

    @Test
    void resumedRunDrawsWhatAnUninterruptedOneDraws() {
        OscillatingWeights whole = OscillatingWeights.seeded(3, 11), first = OscillatingWeights.seeded(3, 11);
        double[] losses = new double[3];
        for (int t = 0; t < 25; t++) {
            whole.next(losses);
            first.next(losses);
        }
        Map<String, String> saved = first.state();
        OscillatingWeights resumed = OscillatingWeights.seeded(3, 11);
        resumed.loadState(saved);
        for (int t = 0; t < 25; t++) assertArrayEquals(whole.next(losses), resumed.next(losses), "step " + (26 + t));
        assertThrows(IllegalArgumentException.class, () -> resumed.loadState(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> resumed.next(new double[4]));
    }

    @Test
    void theCliNameParses() {
        ExitWeighting w = ExitWeighting.Kind.parse("oscillating").create(4, 3);
        assertEquals("oscillating", w.cliName());
        assertThrows(IllegalArgumentException.class, () -> ExitWeighting.Kind.parse("sieve"));
    }
}
