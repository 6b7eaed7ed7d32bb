package dev.hne.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** AdaLoss weights against numbers worked out by hand and against a plain-loop reference. */
class AdaLossTest {

    @Test
    void twoStepsByHand() {
        // a = (1, 2), lambda = 0.1, m = 0.5
        AdaLoss ada = new AdaLoss(new double[] {1, 2}, 0.1, 0.5);
        // step 1: averages = the losses (2, 1); B = (1/2 + 0.1, 2/1 + 0.1) = (0.6, 2.1)
        assertArrayEquals(new double[] {0.6, 2.1}, ada.next(new double[] {2.0, 1.0}), 1e-12);
        // step 2: averages = (0.5*2 + 0.5*1, 0.5*1 + 0.5*0.5) = (1.5, 0.75);
        //         B = (1/1.5 + 0.1, 2/0.75 + 0.1) = (0.766666..., 2.766666...)
        assertArrayEquals(new double[] {1.0 / 1.5 + 0.1, 2.0 / 0.75 + 0.1}, ada.next(new double[] {1.0, 0.5}), 1e-12);
        assertArrayEquals(new double[] {1.5, 0.75}, ada.averages(), 1e-12);
        assertEquals(2, ada.steps());
    }

    @Test
    void paperDefaultsAreTheReciprocalOfTheFirstLosses() {
        AdaLoss ada = AdaLoss.paperDefaults(3);
        assertArrayEquals(new double[] {1 / 2.0, 1 / 0.5, 1 / 0.25}, ada.next(new double[] {2.0, 0.5, 0.25}), 1e-12);
    }

    /** The reference: straight loops over a whole loss history, recomputing the averages from scratch. */
    private static double[] reference(double[][] history, double[] a, double lambda, double m) {
        int exits = a.length;
        double[] avg = new double[exits];
        for (int t = 0; t < history.length; t++) {
            for (int i = 0; i < exits; i++) {
                avg[i] = t == 0 ? history[0][i] : m * avg[i] + (1 - m) * history[t][i];
            }
        }
        double[] w = new double[exits];
        for (int i = 0; i < exits; i++) w[i] = a[i] / avg[i] + lambda;
        return w;
    }

    @Test
    void manyStepsMatchThePlainReference() {
        Random rng = new Random(5);
        double[] a = {1, 0.5, 2, 1};
        AdaLoss ada = new AdaLoss(a, 0.05, 0.9);
        double[][] history = new double[60][4];
        for (int t = 0; t < history.length; t++) {
            for (int i = 0; i < 4; i++) history[t][i] = 0.1 + 2.5 * rng.nextDouble() / (1 + 0.1 * t);
            double[] got = ada.next(history[t]);
            double[][] seen = java.util.Arrays.copyOf(history, t + 1);
            assertArrayEquals(reference(seen, a, 0.05, 0.9), got, 1e-12, "step " + t);
        }
    }

    @Test
    void stateRoundTripsExactly() {
        Random rng = new Random(9);
        AdaLoss a = AdaLoss.paperDefaults(3), b = AdaLoss.paperDefaults(3);
        for (int t = 0; t < 17; t++) a.next(new double[] {rng.nextDouble() + 0.1, rng.nextDouble() + 0.1, rng.nextDouble()});
        Map<String, String> saved = a.state();
        b.loadState(saved);
        for (int t = 0; t < 5; t++) {
            double[] l = {rng.nextDouble() + 0.1, rng.nextDouble() + 0.1, rng.nextDouble() + 0.1};
            assertArrayEquals(a.next(l), b.next(l), 0.0, "bit-exact after reload, step " + t);
        }
        assertEquals(a.steps(), b.steps());
    }

    @Test
    void brokenStateIsRefused() {
        AdaLoss ada = AdaLoss.paperDefaults(2);
        assertThrows(IllegalArgumentException.class, () -> ada.loadState(Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> ada.loadState(Map.of(AdaLoss.STEPS_KEY, "3", AdaLoss.AVERAGE_KEY, "0.5 0.2 0.1")));
        assertThrows(IllegalArgumentException.class,
                () -> ada.loadState(Map.of(AdaLoss.STEPS_KEY, "3", AdaLoss.AVERAGE_KEY, "0.5 x")));
    }

    @Test
    void constantWeightsAreOnes() {
        assertArrayEquals(new double[] {1, 1, 1}, ConstantWeights.ones(3).next(new double[] {3, 2, 1}), 0.0);
    }
}
