package dev.hne.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import dev.hne.engine.nn.Parameter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Corners of the optimiser package left by issue 19's mutation run: SGD's momentum state as a
 * checkpoint saves and restores it (a restored optimiser takes the same next step; a missing or
 * wrong-sized velocity is refused, naming the parameter), the multi-step schedule's accessors, and
 * the boundaries the schedules accept (minLr = baseLr, a warm-up of 0 epochs).
 */
class OptimCornersTest {

    private static Parameter param(float... v) {
        return new Parameter(Tensor.of(v.clone(), v.length), Parameter.Kind.WEIGHT);
    }

    @Test
    void restoredMomentumGivesTheSameNextStep() {
        Parameter a = param(1f, 2f);
        Sgd first = new Sgd(Map.of("w", a), new Sgd.Options(0.9f, 0f, false, true));
        a.value().setGrad(Tensor.of(new float[] {0.5f, -1f}, 2));
        first.step(0.1f);   // velocity = g = (0.5, -1); w = (0.95, 2.1)
        Parameter restored = param(a.value().toArray());
        Sgd second = new Sgd(Map.of("w", restored), new Sgd.Options(0.9f, 0f, false, true));
        second.loadState(first.state());
        assertArrayEquals(new float[] {0.5f, -1f}, first.state().get("w").toArray());
        for (Parameter p : new Parameter[] {a, restored}) p.value().setGrad(Tensor.of(new float[] {1f, 1f}, 2));
        first.step(0.1f);
        second.step(0.1f);
        // by hand: velocity = 0.9 * (0.5, -1) + (1, 1) = (1.45, 0.1); w = (0.95, 2.1) - 0.1 * v
        assertArrayEquals(new float[] {0.95f - 0.145f, 2.1f - 0.01f}, restored.value().toArray(), 1e-6f);
        assertArrayEquals(a.value().toArray(), restored.value().toArray());
    }

    @Test
    void aMissingOrWrongSizedVelocityIsRefusedNamingTheParameter() {
        Sgd sgd = new Sgd(Map.of("layer.w", param(1f, 2f)), new Sgd.Options(0.9f, 0f, false, true));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> sgd.loadState(Map.of()));
        assertTrue(missing.getMessage().contains("'layer.w'"), missing.getMessage());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> sgd.loadState(Map.of("layer.w", Tensor.zeros(3))));
        assertTrue(wrong.getMessage().contains("2 elements"), wrong.getMessage());
    }

    @Test
    void multiStepScheduleReportsItsSettings() {
        MultiStepSchedule s = new MultiStepSchedule(0.1, new int[] {60, 90}, 0.2);
        assertEquals(0.1, s.baseLr());
        assertEquals(0.2, s.gamma());
        assertArrayEquals(new int[] {60, 90}, s.milestones());
        assertEquals("MultiStepSchedule[baseLr=0.1, milestones=[60, 90], gamma=0.2]", s.toString());
    }

    @Test
    void scheduleBoundariesThatAreAllowed() {
        CosineSchedule flat = assertDoesNotThrow(() -> new CosineSchedule(0.1, 10, 0.1));
        assertEquals(0.1, flat.at(3), 1e-15, "minLr = baseLr: a constant rate");
        WarmupSchedule none = assertDoesNotThrow(() -> new WarmupSchedule(new CosineSchedule(0.1, 10), 0));
        assertEquals(0.1, none.at(0), 1e-15, "no warm-up: the inner schedule from the start");
    }
}
