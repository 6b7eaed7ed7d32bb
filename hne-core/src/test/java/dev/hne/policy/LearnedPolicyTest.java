package dev.hne.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The paper's reduction (stop/continue costs, labels and weights) on hand-built cases, the
 * classifier's gradient against finite differences, and the fitted policy's extremes.
 */
class LearnedPolicyTest {

    /** 3 stages of cost 1, 2, 4 MMACs; four examples: right/right/right, wrong/right/right, right/wrong/wrong, wrong/wrong/wrong. */
    static StageTable handTable() {
        boolean[][] correct = {
                {true, false, true, false},
                {true, true, false, false},
                {true, true, false, false}};
        StageFeatures[][] f = new StageFeatures[3][4];
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 4; i++) f[s][i] = new StageFeatures(s + 1, 3, correct[s][i] ? 0.9 : 0.4, 0.2, 0.5, 1);
        }
        return new StageTable(f, correct, new double[] {1, 2, 4}, 3);
    }

    @Test
    void costsOfStoppingAndContinuingFollowThePapersObjective() {
        StageTable t = handTable();
        double lambda = 0.1;
        // err + lambda c_s / c_S with c = 1, 2, 4
        assertArrayEquals(new double[] {0.1, 0.1, 1.1, 1.1}, LearnedPolicy.finalCosts(t, lambda), 1e-12);
        assertArrayEquals(new double[] {0.05, 0.05, 1.05, 1.05}, LearnedPolicy.stopCosts(t, lambda, 2), 1e-12);
        assertArrayEquals(new double[] {0.025, 1.025, 0.025, 1.025}, LearnedPolicy.stopCosts(t, lambda, 1), 1e-12);
    }

    @Test
    void labelsAndWeightsAreTheSignAndSizeOfTheLossDifference() {
        // stage 2 of the hand table: stop = (0.05, 0.05, 1.05, 1.05), continue = (0.1, 0.1, 1.1, 1.1)
        LearnedPolicy.Targets t = LearnedPolicy.targets(new double[] {0.05, 0.05, 1.05, 1.05},
                new double[] {0.1, 0.1, 1.1, 1.1});
        assertArrayEquals(new double[] {1, 1, 1, 1}, t.label());
        assertArrayEquals(new double[] {0.05, 0.05, 0.05, 0.05}, t.weight(), 1e-12);
        // stage 1 if every example continued at stage 2: right-at-1 but wrong later must stop (weight
        // 1.1 - 0.025), wrong-at-1 but right later must continue (weight 1.025 - 0.1)
        t = LearnedPolicy.targets(new double[] {0.025, 1.025, 0.025, 1.025}, new double[] {0.1, 0.1, 1.1, 1.1});
        assertArrayEquals(new double[] {1, 0, 1, 1}, t.label());
        assertArrayEquals(new double[] {0.075, 0.925, 1.075, 0.075}, t.weight(), 1e-12);
        // a tie carries no weight
        t = LearnedPolicy.targets(new double[] {0.3}, new double[] {0.3});
        assertEquals(0, t.weight()[0]);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Random rng = new Random(3);
        int n = 40, d = StageFeatures.SIZE;
        double[][] f = new double[n][d];
        double[] y = new double[n], w = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d - 1; j++) f[i][j] = rng.nextDouble();
            f[i][d - 1] = 1;
            y[i] = rng.nextBoolean() ? 1 : 0;
            w[i] = rng.nextDouble() * 2;
        }
        double[] theta = new double[d];
        for (int j = 0; j < d; j++) theta[j] = rng.nextGaussian();
        double[] g = WeightedLogistic.gradient(theta, f, y, w, 0.01);
        double h = 1e-6;
        for (int j = 0; j < d; j++) {
            double[] plus = theta.clone(), minus = theta.clone();
            plus[j] += h;
            minus[j] -= h;
            double fd = (WeightedLogistic.loss(plus, f, y, w, 0.01) - WeightedLogistic.loss(minus, f, y, w, 0.01)) / (2 * h);
            assertEquals(fd, g[j], 1e-7, "d J / d theta_" + j);
        }
        double[] fitted = WeightedLogistic.fit(f, y, w, d, 0.01);
        for (double gj : WeightedLogistic.gradient(fitted, f, y, w, 0.01)) assertEquals(0, gj, 1e-8, "optimum");
    }

    @Test
    void weightedFitFollowsTheHeavierExamples() {
        // one feature value, two examples with opposite labels: the heavier one decides
        double[][] f = {{1}, {1}};
        double[] theta = WeightedLogistic.fit(f, new double[] {1, 0}, new double[] {3, 1}, 1, 1e-6);
        assertTrue(WeightedLogistic.dot(theta, f[0]) > 0);
        theta = WeightedLogistic.fit(f, new double[] {1, 0}, new double[] {1, 3}, 1, 1e-6);
        assertTrue(WeightedLogistic.dot(theta, f[0]) < 0);
        // sigmoid(theta . f) is the weighted share of label 1 (ridge ~ 0): 3 / 4
        theta = WeightedLogistic.fit(f, new double[] {1, 0}, new double[] {3, 1}, 1, 0);
        assertEquals(0.75, WeightedLogistic.sigmoid(WeightedLogistic.dot(theta, f[0])), 1e-6);
    }

    @Test
    void aLargeTradeoffStopsEveryoneFirstAndZeroRunsToTheEndWhenItPays() {
        int[] labels = new int[ThresholdPolicyTest.EXAMPLES];
        StageTable t = ThresholdPolicyTest.table(FakeStagedModel.random(ThresholdPolicyTest.EXAMPLES,
                ThresholdPolicyTest.STAGES, ThresholdPolicyTest.CLASSES, labels, 11), labels);
        Outcome cheap = t.simulate(LearnedPolicy.fit(t, 10));
        assertEquals(t.examples(), cheap.exits()[0], "lambda 10: saving cost beats any error");
        Outcome accurate = t.simulate(LearnedPolicy.fit(t, 0));
        Outcome last = t.simulate(new FixedStagePolicy(ThresholdPolicyTest.STAGES));
        assertTrue(accurate.accuracy() >= last.accuracy() - 0.02, accurate + " vs " + last);
        assertTrue(accurate.averageMMacs() > cheap.averageMMacs());
        assertThrows(IllegalArgumentException.class, () -> LearnedPolicy.fit(t, -1));
    }
}
