package dev.hne.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** MSDNet-style calibration meets its budget on the data it was calibrated on. */
class ThresholdPolicyTest {

    static final int EXAMPLES = 500, STAGES = 6, CLASSES = 5;

    /** The table of a fake model, collected by a plain loop over its stored outputs. */
    static StageTable table(FakeStagedModel m, int[] labels) {
        StageFeatures[][] f = new StageFeatures[STAGES][EXAMPLES];
        boolean[][] correct = new boolean[STAGES][EXAMPLES];
        for (int i = 0; i < EXAMPLES; i++) {
            int previous = -1;
            for (int s = 0; s < STAGES; s++) {
                float[] z = m.prediction[s][i];
                f[s][i] = StageFeatures.of(z, 0, CLASSES, argmax(m.latest[s][i]), previous, s + 1, STAGES);
                previous = argmax(z);
                correct[s][i] = previous == labels[i];
            }
        }
        return new StageTable(f, correct, m.cumulative, CLASSES);
    }

    static int argmax(float[] z) {
        int best = 0;
        for (int c = 1; c < z.length; c++) if (z[c] > z[best]) best = c;
        return best;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.05, 0.2, 0.5, 0.8, 1.0})
    void meetsTheBudgetOnTheCalibrationData(double fraction) {
        int[] labels = new int[EXAMPLES];
        FakeStagedModel m = FakeStagedModel.random(EXAMPLES, STAGES, CLASSES, labels, 7);
        StageTable t = table(m, labels);
        double low = t.cumulativeMMacs(1), high = t.cumulativeMMacs(STAGES);
        double budget = low + fraction * (high - low);
        ThresholdPolicy p = ThresholdPolicy.calibrate(t, budget);
        // by hand: the stage each example stops at under the thresholds, and its cost
        double spent = 0;
        for (int i = 0; i < EXAMPLES; i++) {
            int stop = STAGES;
            for (int s = 1; s < STAGES; s++) {
                if (t.features(s, i).confidence() >= p.thresholds()[s - 1]) {
                    stop = s;
                    break;
                }
            }
            spent += t.cumulativeMMacs(stop);
        }
        spent /= EXAMPLES;
        // cumulative rounding: at most half an example per stage boundary away from the budget
        assertEquals(budget, spent, (high - low) / EXAMPLES, "budget " + budget);
        assertEquals(spent, t.simulate(p).averageMMacs(), 1e-12);
    }

    @Test
    void exitProportionsSpendTheBudgetInExpectation() {
        int[] labels = new int[EXAMPLES];
        StageTable t = table(FakeStagedModel.random(EXAMPLES, STAGES, CLASSES, labels, 8), labels);
        double budget = 7.3;
        double[] q = ThresholdPolicy.exitProportions(t, budget);
        double sum = 0, cost = 0;
        for (int s = 0; s < STAGES; s++) {
            sum += q[s];
            cost += q[s] * t.cumulativeMMacs(s + 1);
            if (s > 0) assertEquals(q[1] / q[0], q[s] / q[s - 1], 1e-9, "geometric");
        }
        assertEquals(1, sum, 1e-12);
        assertEquals(budget, cost, 1e-9);
    }

    @Test
    void rejectsBudgetsOutsideTheModelsRange() {
        int[] labels = new int[EXAMPLES];
        StageTable t = table(FakeStagedModel.random(EXAMPLES, STAGES, CLASSES, labels, 9), labels);
        var e = assertThrows(IllegalArgumentException.class, () -> ThresholdPolicy.calibrate(t, 0.5));
        assertTrue(e.getMessage().contains("budget"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ThresholdPolicy.calibrate(t, 1e6));
        assertThrows(IllegalArgumentException.class, () -> ThresholdPolicy.calibrate(t, Double.NaN));
    }

    @Test
    void tableCollectedThroughTheModelEqualsThePlainLoop() {
        int[] labels = new int[EXAMPLES];
        FakeStagedModel m = FakeStagedModel.random(EXAMPLES, STAGES, CLASSES, labels, 10);
        StageTable plain = table(m, labels);
        int[] ids = new int[EXAMPLES];
        for (int i = 0; i < EXAMPLES; i++) ids[i] = i;
        StageTable collected = StageTable.collectBatch(m, FakeStagedModel.input(ids), labels);
        for (int s = 1; s <= STAGES; s++) {
            for (int i = 0; i < EXAMPLES; i++) {
                assertEquals(plain.features(s, i), collected.features(s, i));
                assertEquals(plain.correct(s, i), collected.correct(s, i));
            }
        }
    }
}
