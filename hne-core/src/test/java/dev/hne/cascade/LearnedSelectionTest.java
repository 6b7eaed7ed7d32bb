package dev.hne.cascade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hne.policy.Outcome;
import dev.hne.policy.StageFeatures;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Paper 002's network selection reduced to weighted binary classification ({@link
 * LearnedSelection#reduce}): the labels and weights on a hand-built 3-network table, worked out
 * by hand below from the objective err(answer) + lambda * (MMACs evaluated) / C; and the two
 * extremes the objective implies whatever the classifier: a second network that is the first one
 * again is never worth paying for when cost weighs anything, and a second network that is always
 * right is always worth it when cost weighs nothing.
 */
class LearnedSelectionTest {

    /**
     * Three networks of 1, 2 and 5 MMACs per image (C = 8), five examples; R = right, W = wrong:
     * <pre>
     *   example   net 1  net 2  net 3    net 1 features          net 2 features
     *      0        R      R      R      confident               confident
     *      1        W      R      R      unsure                  confident
     *      2        W      W      R      unsure, wide margin     unsure
     *      3        W      R      W      unsure                  confident
     *      4        R      W      W      confident               confident
     * </pre>
     * The features are built so that each decision below is linearly separable (confidence tells
     * stop from go on; the margin tells the one example that should jump), so the fitted
     * classifiers make exactly the decisions their labels ask for.
     */
    static SelectionTable handTable() {
        boolean[][] correct = {
                {true, false, false, false, true},
                {true, true, false, true, false},
                {true, true, true, false, false}};
        double[][] confidence = {{0.9, 0.3, 0.3, 0.3, 0.9}, {0.9, 0.9, 0.3, 0.9, 0.9}, {0.5, 0.5, 0.5, 0.5, 0.5}};
        double[][] margin = {{0.1, 0.1, 0.8, 0.1, 0.1}, {0.1, 0.1, 0.1, 0.1, 0.1}, {0.1, 0.1, 0.1, 0.1, 0.1}};
        double[] cost = {1, 2, 5};
        StageFeatures[][] f = new StageFeatures[3][5];
        double[][] mmacs = new double[3][5];
        for (int m = 0; m < 3; m++) {
            for (int i = 0; i < 5; i++) {
                f[m][i] = new StageFeatures(m + 1, 3, confidence[m][i], margin[m][i], 0.5, 1);
                mmacs[m][i] = cost[m];
            }
        }
        return new SelectionTable(f, correct, mmacs, cost, 10);
    }

    @Test
    void labelsAndWeightsOfTheReductionOnAHandBuiltThreeNetworkTable() {
        // lambda = 0.8, C = 1 + 2 + 5 = 8: each MMAC costs lambda / C = 0.1 of error.
        LearnedSelection.Reduction r = LearnedSelection.reduce(handTable(), 0.8);
        // Network 3 (last): V_3 = err(3) = (0, 0, 0, 1, 1).
        // Network 2: no jump (nothing after 3). Going on costs 0.1 * 5 + V_3 = (0.5, 0.5, 0.5, 1.5, 1.5);
        //   stopping costs err(2) = (0, 0, 1, 0, 1). label = [stop < go] = (1, 1, 0, 1, 1),
        //   weight = |stop - go| = (0.5, 0.5, 0.5, 1.5, 0.5).
        assertArrayEquals(new double[] {1, 1, 0, 1, 1}, r.stopTargets()[1].label());
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 1.5, 0.5}, r.stopTargets()[1].weight(), 1e-12);
        assertNull(r.jumpTargets()[1], "network 2 of 3 has nothing to jump to");
        //   The classifier follows the labels (confidence 0.9 stops, 0.3 goes on), so
        //   V_2 = (0, 0, 0.5, 0, 1): example 2 goes on to network 3 (0.5), example 4 stops wrong (1).
        // Network 1, jump or next: next = 0.1 * 2 + V_2 = (0.2, 0.2, 0.7, 0.2, 1.2),
        //   jump = 0.1 * 5 + V_3 = (0.5, 0.5, 0.5, 1.5, 1.5).
        //   label = [jump < next] = (0, 0, 1, 0, 0), weight = |jump - next| = (0.3, 0.3, 0.2, 1.3, 0.3).
        assertArrayEquals(new double[] {0, 0, 1, 0, 0}, r.jumpTargets()[0].label());
        assertArrayEquals(new double[] {0.3, 0.3, 0.2, 1.3, 0.3}, r.jumpTargets()[0].weight(), 1e-12);
        // Network 1, exit or go on: go = the jump classifier's choice = (0.2, 0.2, 0.5, 0.2, 1.2)
        //   (only example 2, margin 0.8, jumps); stop = err(1) = (0, 1, 1, 1, 0).
        //   label = [stop < go] = (1, 0, 0, 0, 1), weight = (0.2, 0.8, 0.5, 0.8, 1.2).
        assertArrayEquals(new double[] {1, 0, 0, 0, 1}, r.stopTargets()[0].label());
        assertArrayEquals(new double[] {0.2, 0.8, 0.5, 0.8, 1.2}, r.stopTargets()[0].weight(), 1e-12);
    }

    @Test
    void theFittedPolicyJumpsPastTheMiddleNetworkWhereItShould() {
        SelectionTable t = handTable();
        LearnedSelection p = LearnedSelection.fit(t, 0.8);
        // From the targets above: 0 and 4 exit at network 1; 1 and 3 go to network 2 and exit there;
        // 2 jumps from network 1 straight to network 3.
        assertArrayEquals(new int[] {1}, t.path(p, 0));
        assertArrayEquals(new int[] {1, 2}, t.path(p, 1));
        assertArrayEquals(new int[] {1, 3}, t.path(p, 2));
        assertArrayEquals(new int[] {1, 2}, t.path(p, 3));
        assertArrayEquals(new int[] {1}, t.path(p, 4));
        Outcome o = t.simulate(p);
        assertEquals(1.0, o.accuracy(), 1e-12);
        // cost per example: 1, 1 + 2, 1 + 5, 1 + 2, 1 -> 14 / 5; the jumped example never pays for network 2
        assertEquals(14 / 5.0, o.averageMMacs(), 1e-12);
        assertArrayEquals(new int[] {2, 2, 1}, o.exits());
    }

    @Test
    void twoIdenticalNetworksNeverPayForTheSecondWhenCostWeighsAnything() {
        Random rng = new Random(5);
        int n = 200;
        boolean[] right = new boolean[n];
        StageFeatures[] f = new StageFeatures[n];
        for (int i = 0; i < n; i++) {
            right[i] = rng.nextDouble() < 0.7;
            double conf = 0.1 + 0.9 * rng.nextDouble();
            f[i] = new StageFeatures(1, 2, conf, conf * rng.nextDouble(), rng.nextDouble(), rng.nextBoolean() ? 1 : 0);
        }
        StageFeatures[] again = new StageFeatures[n];
        for (int i = 0; i < n; i++) {
            StageFeatures a = f[i];
            again[i] = new StageFeatures(2, 2, a.confidence(), a.margin(), a.entropy(), 1);
        }
        double[][] mmacs = new double[2][n];
        java.util.Arrays.fill(mmacs[0], 3);
        java.util.Arrays.fill(mmacs[1], 3);
        SelectionTable t = new SelectionTable(new StageFeatures[][] {f, again}, new boolean[][] {right, right.clone()},
                mmacs, new double[] {3, 3}, 10);
        // The second network answers what the first did, so going on costs lambda * 3 / 6 more for
        // nothing: every label is "exit", and a classifier with only positive labels (features >= 0,
        // a ridge) answers "exit" everywhere.
        for (double lambda : new double[] {1e-4, 0.01, 1}) {
            Outcome o = t.simulate(LearnedSelection.fit(t, lambda));
            assertArrayEquals(new int[] {n, 0}, o.exits(), "lambda " + lambda);
            assertEquals(3, o.averageMMacs(), 1e-12);
        }
    }

    @Test
    void aSecondNetworkThatIsAlwaysRightIsAlwaysTakenWhenCostWeighsNothing() {
        Random rng = new Random(6);
        int n = 200;
        boolean[][] right = new boolean[2][n];
        StageFeatures[][] f = new StageFeatures[2][n];
        double[][] mmacs = {new double[n], new double[n]};
        for (int i = 0; i < n; i++) {
            right[0][i] = rng.nextDouble() < 0.6;
            right[1][i] = true;
            for (int m = 0; m < 2; m++) {
                double conf = 0.1 + 0.9 * rng.nextDouble();
                f[m][i] = new StageFeatures(m + 1, 2, conf, conf * rng.nextDouble(), rng.nextDouble(), 1);
            }
            mmacs[0][i] = 1;
            mmacs[1][i] = 4;
        }
        SelectionTable t = new SelectionTable(f, right, mmacs, new double[] {1, 4}, 10);
        // lambda = 0: exiting costs err(1) and going on costs err(2) = 0, so every example where
        // network 1 is wrong is labelled "go on" (weight 1) and every other one is a tie (weight 0).
        LearnedSelection.Reduction r = LearnedSelection.reduce(t, 0);
        for (int i = 0; i < n; i++) {
            assertEquals(0, r.stopTargets()[0].label()[i]);
            assertEquals(right[0][i] ? 0 : 1, r.stopTargets()[0].weight()[i]);
        }
        Outcome o = t.simulate(r.policy());
        assertArrayEquals(new int[] {0, n}, o.exits());
        assertEquals(1.0, o.accuracy());
        assertEquals(5, o.averageMMacs(), 1e-12);
    }

    @Test
    void theOracleTakesTheCheapestRightNetworkAndPaysOnlyForIt() {
        SelectionTable t = handTable();
        Outcome o = t.oracle();
        // examples 0, 4: network 1 (1 MMAC); 1, 3: network 2 (2); 2: network 3 (5) -> 11 / 5
        assertArrayEquals(new int[] {2, 2, 1}, o.exits());
        assertEquals(1.0, o.accuracy());
        assertEquals(11 / 5.0, o.averageMMacs(), 1e-12);
        // the cascade without jumps as stages: reaching network m costs networks 1..m
        assertEquals(1, t.withoutJumps().cumulativeMMacs(1), 1e-12);
        assertEquals(3, t.withoutJumps().cumulativeMMacs(2), 1e-12);
        assertEquals(8, t.withoutJumps().cumulativeMMacs(3), 1e-12);
    }

    @Test
    void aNegativeTradeoffIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> LearnedSelection.reduce(handTable(), -0.1));
    }
}
