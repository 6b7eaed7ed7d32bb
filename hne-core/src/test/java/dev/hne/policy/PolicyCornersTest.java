package dev.hne.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of the exit policies, each worked out by hand: where a fixed policy stops, the
 * agreement feature at stage 1 and against class 0, the threshold policy's equality and its
 * budget range, the exp guard of the exit proportions, and the learned policy's backward induction
 * (a stage's targets must use the LATER stages' learned decisions, not "run to the end").
 */
class PolicyCornersTest {

    private static StageFeatures at(int stage, int stages, double confidence) {
        return new StageFeatures(stage, stages, confidence, confidence / 2, 1 - confidence, 1);
    }

    @Test
    void fixedPolicyStopsExactlyAtItsStage() {
        FixedStagePolicy two = new FixedStagePolicy(2);
        assertFalse(two.stop(at(1, 4, 0.99)));
        assertTrue(two.stop(at(2, 4, 0.01)));
        StageTable table = table(new double[][] {{0.5, 0.5, 0.5, 0.5}}, new boolean[][] {{true, true, true, true}},
                new double[] {1, 3, 6, 10});
        assertEquals(2, table.exitStage(two, 0));
        assertEquals(3.0, table.simulate(two).averageMMacs(), 1e-12);
        assertEquals(1, table.exitStage(new FixedStagePolicy(1), 0));
        assertThrows(IllegalArgumentException.class, () -> new FixedStagePolicy(0));
    }

    @Test
    void agreementIsOneAtStageOneAndComparesClassZeroLikeAnyOther() {
        float[] z = {0f, 0f, 1f};
        assertEquals(1, StageFeatures.of(z, 0, 3, 2, -1, 1, 4).agreement(), "stage 1: nothing to disagree with");
        assertEquals(0, StageFeatures.of(z, 0, 3, 2, 0, 2, 4).agreement(), "previous class 0, latest 2");
        assertEquals(1, StageFeatures.of(z, 0, 3, 0, 0, 2, 4).agreement(), "previous class 0, latest 0");
        assertEquals(0, StageFeatures.of(z, 0, 3, 0, 1, 2, 4).agreement(), "previous class 1, latest 0");
    }

    @Test
    void thresholdStopsAtEqualityAndNeverAfterItsLastThreshold() {
        ThresholdPolicy p = new ThresholdPolicy(5, new double[] {0.75, ThresholdPolicy.NEVER});
        assertTrue(p.stop(at(1, 3, 0.75)), "confidence equal to t_1 stops");
        assertFalse(p.stop(at(1, 3, 0.7499)));
        assertFalse(p.stop(at(2, 3, 1.0)), "NEVER is above every probability");
        assertFalse(p.stop(at(3, 3, 1.0)), "no threshold for the last stage");
    }

    @Test
    void budgetsAtTheEndsOfTheRangeAreAcceptedAndJustBeyondRefused() {
        StageTable t = table(new double[][] {{0.9, 0.9, 0.9}, {0.2, 0.2, 0.2}},
                new boolean[][] {{true, true, true}, {false, true, true}}, new double[] {2, 5, 9});
        // All at stage 1 (budget 2) or all at the end (budget 9) are reachable ...
        assertEquals(2.0, t.simulate(ThresholdPolicy.calibrate(t, 2)).averageMMacs(), 1e-12);
        assertEquals(9.0, t.simulate(ThresholdPolicy.calibrate(t, 9)).averageMMacs(), 1e-12);
        // ... a hair beyond them is not (the tolerance is 1e-9 MMACs, for rounding only).
        assertThrows(IllegalArgumentException.class, () -> ThresholdPolicy.calibrate(t, 2 - 1e-6));
        assertThrows(IllegalArgumentException.class, () -> ThresholdPolicy.calibrate(t, 9 + 1e-6));
    }

    @Test
    void exitProportionsStayFiniteAtTheEndsOfTheBisection() {
        // ln r = +-60 over 16 stages: r^15 = e^900 overflows a double unless the largest exponent
        // is subtracted first. Expected: all mass on the last (resp. first) stage.
        for (double logRatio : new double[] {60, -60}) {
            double[] q = ThresholdPolicy.proportions(logRatio, 16);
            double sum = 0;
            for (double v : q) {
                assertTrue(Double.isFinite(v), "q = " + Arrays.toString(q));
                sum += v;
            }
            assertEquals(1, sum, 1e-12);
            assertEquals(1, logRatio > 0 ? q[15] : q[0], 1e-12);
        }
        // ln r = ln 2 over 3 stages: 1, 2, 4 -> 1/7, 2/7, 4/7.
        assertArrayEquals(new double[] {1 / 7.0, 2 / 7.0, 4 / 7.0}, ThresholdPolicy.proportions(Math.log(2), 3), 1e-12);
    }

    @Test
    void learnedTargetsUseTheLaterStagesLearnedDecisions() {
        // Three stages with cumulative costs 2, 5, 10 (fractions 0.2, 0.5, 1), lambda = 0.5, and
        // three kinds of example (40 of each), told apart by their confidence:
        //   A: right at every stage                 conf 0.9 at stage 1, 0.9 at stage 2
        //   B: wrong, wrong, right                   conf 0.3,            0.2
        //   C: wrong, right, wrong                   conf 0.6,            0.8
        // Costs err + lambda * fraction. Stage 2 (down = err(3) + 0.5):
        //   A: stop 0.25 < 0.5 -> stop;  B: 1.25 > 0.5 -> go on;  C: 0.25 < 1.5 -> stop.
        // Stage 1, with down = what the learned stage-2 decision gives (A 0.25, B 0.5, C 0.25):
        //   A: 0.1 < 0.25 stop;  B: 1.1 > 0.5 go on;  C: 1.1 > 0.25 go on  -> C exits at stage 2.
        // Had stage 1 compared with "run to the end" (C: 1.5), C would stop at stage 1, wrongly.
        int per = 40, n = 3 * per;
        double[][] conf = new double[n][];
        boolean[][] right = new boolean[n][];
        for (int i = 0; i < per; i++) {
            conf[i] = new double[] {0.9, 0.9, 0.9};
            right[i] = new boolean[] {true, true, true};
            conf[per + i] = new double[] {0.3, 0.2, 0.2};
            right[per + i] = new boolean[] {false, false, true};
            conf[2 * per + i] = new double[] {0.6, 0.8, 0.8};
            right[2 * per + i] = new boolean[] {false, true, false};
        }
        StageTable t = table(conf, right, new double[] {2, 5, 10});
        LearnedPolicy p = LearnedPolicy.fit(t, 0.5);
        assertEquals(1, t.exitStage(p, 0), "A");
        assertEquals(3, t.exitStage(p, per), "B");
        assertEquals(2, t.exitStage(p, 2 * per), "C");
        Outcome o = t.simulate(p);
        assertEquals(1.0, o.accuracy(), 1e-12);
        assertEquals((2 + 10 + 5) / 3.0, o.averageMMacs(), 1e-9);
        assertFalse(p.stop(at(3, 3, 1.0)), "no decision after the last stage");
        assertEquals(2, p.decisions());
    }

    @Test
    void learnedTargetsLabelAndWeightByHand() {
        LearnedPolicy.Targets t = LearnedPolicy.targets(new double[] {0.1, 1.1, 0.7}, new double[] {0.25, 0.5, 0.7});
        assertArrayEquals(new double[] {1, 0, 0}, t.label(), "a tie continues");
        assertArrayEquals(new double[] {0.15, 0.6, 0}, t.weight(), 1e-12);
    }

    /** A table whose example i has confidence conf[i][s-1] at stage s (other features follow it). */
    private static StageTable table(double[][] conf, boolean[][] right, double[] cumulative) {
        int n = conf.length, stages = cumulative.length;
        StageFeatures[][] f = new StageFeatures[stages][n];
        boolean[][] correct = new boolean[stages][n];
        for (int s = 0; s < stages; s++) {
            for (int i = 0; i < n; i++) {
                f[s][i] = at(s + 1, stages, conf[i][s]);
                correct[s][i] = right[i][s];
            }
        }
        return new StageTable(f, correct, cumulative, 10);
    }
}
