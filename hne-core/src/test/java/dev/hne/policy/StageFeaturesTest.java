package dev.hne.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hne.engine.Tensor;
import org.junit.jupiter.api.Test;

/** Features against values worked out by hand. */
class StageFeaturesTest {

    @Test
    void probabilitiesOneEighthQuarterFiveEighths() {
        // logits ln 1, ln 2, ln 5 (+ any constant) -> p = 1/8, 2/8, 5/8
        float c = 3.25f;
        float[] z = {99, (float) Math.log(1) + c, (float) Math.log(2) + c, (float) Math.log(5) + c};
        StageFeatures f = StageFeatures.of(z, 1, 3, 2, 2, 2, 4);
        assertEquals(0.625, f.confidence(), 1e-6);
        assertEquals(0.625 - 0.25, f.margin(), 1e-6);
        double entropy = 0.125 * Math.log(8) + 0.25 * Math.log(4) + 0.625 * Math.log(8.0 / 5);
        assertEquals(entropy, f.entropy(), 1e-6);
        assertEquals(1, f.agreement());
        assertEquals(2, f.stage());
        assertArrayEquals(new double[] {0.625, 0.375, entropy / Math.log(3), 1, 1}, f.vector(3), 1e-6);
    }

    @Test
    void uniformAndDisagreeing() {
        StageFeatures f = StageFeatures.of(new float[] {0, 0, 0, 0}, 0, 4, 1, 3, 3, 8);
        assertEquals(0.25, f.confidence(), 1e-9);
        assertEquals(0, f.margin(), 1e-9);
        assertEquals(Math.log(4), f.entropy(), 1e-9);
        assertEquals(0, f.agreement(), "latest says 1, the previous prediction said 3");
        assertEquals(1, StageFeatures.of(new float[] {0, 0}, 0, 2, 1, -1, 1, 8).agreement(), "stage 1 agrees");
    }

    @Test
    void rowsUseTheLatestMemberAndRememberTheClass() {
        // row 0: prediction says class 1, latest member alone says class 0, previous prediction was 1
        // row 1: prediction says class 0, latest says 0, previous was 0
        Tensor prediction = Tensor.of(new float[] {0, 2, 5, 1}, 2, 2);
        Tensor latest = Tensor.of(new float[] {3, 1, 4, 0}, 2, 2);
        int[] previous = {1, 0};
        StageFeatures[] f = StageFeatures.ofRows(prediction, latest, previous, 3, 8);
        assertEquals(0, f[0].agreement());
        assertEquals(1, f[1].agreement());
        assertEquals(1 / (1 + Math.exp(-2)), f[0].confidence(), 1e-6);
        assertEquals(1 / (1 + Math.exp(-4)), f[1].confidence(), 1e-6);
        assertArrayEquals(new int[] {1, 0}, previous, "now holds the classes of this stage's prediction");
    }
}
