package dev.hne.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The schedules against hand-computed values; the arithmetic sits next to each expected number.
 * Time is fractional epochs: at(e, step, stepsPerEpoch) = at(e + step / stepsPerEpoch).
 * Reference semantics: PyTorch CosineAnnealingLR, MultiStepLR and LinearLR (warm-up).
 */
class LrScheduleTest {

    private static final double EPS = 1e-12;

    // ================================================================ constant

    @Test
    void constant() {
        LrSchedule s = new ConstantSchedule(0.1);
        assertEquals(0.1, s.at(0), EPS);
        assertEquals(0.1, s.at(1e6), EPS);
        assertEquals(0.1, s.at(3, 7, 10), EPS);
    }

    // ================================================================ multi-step

    @Test
    void multiStepPaperImageNetRecipeHalvesAtEachMilestone() {
        LrSchedule s = new MultiStepSchedule(0.1, new int[] {60, 90, 110, 125, 135, 145}, 0.5);
        assertEquals(0.1, s.at(0), EPS);
        assertEquals(0.1, s.at(59), EPS);
        assertEquals(0.1, s.at(59, 99, 100), EPS);    // 59.99: the last iteration before the milestone
        assertEquals(0.05, s.at(60), EPS);            // exactly at a milestone: already decayed, 0.1 * 0.5
        assertEquals(0.05, s.at(60, 0, 100), EPS);    // first iteration of epoch 60
        assertEquals(0.05, s.at(89.5), EPS);
        assertEquals(0.025, s.at(90), EPS);           // 0.1 * 0.5^2
        assertEquals(0.0125, s.at(110), EPS);         // 0.1 * 0.5^3
        assertEquals(0.00625, s.at(125), EPS);        // 0.1 * 0.5^4
        assertEquals(0.003125, s.at(135), EPS);       // 0.1 * 0.5^5
        assertEquals(0.0015625, s.at(145), EPS);      // 0.1 * 0.5^6
        assertEquals(0.0015625, s.at(10_000), EPS);   // no more milestones
    }

    @Test
    void multiStepTenfold() {
        LrSchedule s = new MultiStepSchedule(0.1, new int[] {30, 60}, 0.1);
        assertEquals(0.1, s.at(29.999), EPS);
        assertEquals(0.01, s.at(30), EPS);            // 0.1 * 0.1
        assertEquals(0.001, s.at(60), EPS);           // 0.1 * 0.1^2
        assertEquals(0.1, new MultiStepSchedule(0.1, new int[0], 0.1).at(500), EPS); // no milestones: constant
    }

    @Test
    void multiStepCopiesItsMilestones() {
        int[] milestones = {10, 20};
        MultiStepSchedule s = new MultiStepSchedule(1.0, milestones, 0.5);
        milestones[0] = 1;
        assertEquals(1.0, s.at(5), EPS);              // still decays at 10, not 1
        s.milestones()[0] = 1;
        assertArrayEquals(new int[] {10, 20}, s.milestones());
    }

    // ================================================================ cosine

    @Test
    void cosineToZero() {
        LrSchedule s = new CosineSchedule(0.1, 100);
        assertEquals(0.1, s.at(0), EPS);                     // 0.1 * (1 + cos 0) / 2
        assertEquals(0.08535533905932738, s.at(25), EPS);    // 0.1 * (1 + cos(pi/4)) / 2 = 0.1 * 1.7071067811865475 / 2
        assertEquals(0.05, s.at(50), EPS);                   // 0.1 * (1 + cos(pi/2)) / 2 = 0.1 * 1 / 2
        assertEquals(0.0, s.at(100), EPS);                   // end: 0.1 * (1 + cos pi) / 2 = 0
        assertEquals(0.0, s.at(150), EPS);                   // after the end: held at minLr (PyTorch would rise again)
        // Per iteration: epoch 49, step 50 of 100 = 49.5; cos(pi * 0.495) = sin(pi * 0.005) = 0.015707317311820675
        // -> 0.1 * 1.015707317311820675 / 2 = 0.05078536586559103
        assertEquals(0.05078536586559103, s.at(49, 50, 100), EPS);
    }

    @Test
    void cosineWithFloor() {
        LrSchedule s = new CosineSchedule(0.1, 100, 0.001);
        assertEquals(0.1, s.at(0), EPS);                     // 0.001 + 0.099 * 1
        assertEquals(0.0505, s.at(50), EPS);                 // 0.001 + 0.099 * 0.5
        assertEquals(0.0154982143312659, s.at(75), EPS);     // 0.001 + 0.099 * (1 + cos(3pi/4)) / 2 = 0.001 + 0.099 * 0.1464466094067262
        assertEquals(0.001, s.at(100), EPS);                 // end of the cosine: exactly minLr
        assertEquals(0.001, s.at(100.5), EPS);
    }

    @Test
    void cosineIsMonotoneAndContinuousPerIteration() {
        LrSchedule s = new CosineSchedule(0.2, 3, 0.01);
        // |d lr / dt| <= (0.2 - 0.01) * pi / (2 * 3) per epoch, so one step of 1/50 epoch drops at most that / 50.
        double maxDrop = (0.2 - 0.01) * Math.PI / (2 * 3) / 50;
        double previous = s.at(0);
        for (int epoch = 0; epoch < 4; epoch++) {
            for (int step = 0; step < 50; step++) {
                double lr = s.at(epoch, step, 50);
                assertTrue(lr <= previous && previous - lr <= maxDrop + EPS, "smooth decay at " + epoch + ":" + step);
                previous = lr;
            }
        }
        assertEquals(0.01, previous, EPS);
    }

    // ================================================================ warm-up

    @Test
    void warmupFromZeroToAConstant() {
        LrSchedule s = new WarmupSchedule(new ConstantSchedule(0.4), 5);
        assertEquals(0.0, s.at(0), EPS);                     // start: 0.4 * 0/5
        assertEquals(0.08, s.at(1), EPS);                    // 0.4 * 1/5
        assertEquals(0.2, s.at(2.5), EPS);                   // 0.4 * 2.5/5
        assertEquals(0.3992, s.at(4, 99, 100), EPS);         // 0.4 * 4.99/5
        assertEquals(0.4, s.at(5), EPS);                     // end of warm-up: the inner value
        assertEquals(0.4, s.at(6), EPS);
    }

    @Test
    void warmupFromAStartFactor() {
        LrSchedule s = new WarmupSchedule(new ConstantSchedule(0.4), 5, 0.1);
        assertEquals(0.04, s.at(0), EPS);                    // 0.4 * 0.1
        assertEquals(0.22, s.at(2.5), EPS);                  // 0.4 * (0.1 + 0.9 * 0.5) = 0.4 * 0.55
        assertEquals(0.4, s.at(5), EPS);
    }

    @Test
    void warmupKeepsTheInnerClock() {
        LrSchedule steps = new WarmupSchedule(new MultiStepSchedule(0.1, new int[] {60, 90, 110, 125, 135, 145}, 0.5), 5);
        assertEquals(0.05, steps.at(2.5), EPS);              // 0.1 * 2.5/5
        assertEquals(0.1, steps.at(5), EPS);
        assertEquals(0.05, steps.at(60), EPS);               // milestone not shifted by the warm-up

        LrSchedule cosine = new WarmupSchedule(new CosineSchedule(0.1, 100), 5);
        assertEquals(0.0, cosine.at(0), EPS);
        assertEquals(0.0499229333433282, cosine.at(2.5), EPS); // 0.5 * 0.1 * (1 + cos(pi * 0.025)) / 2 = 0.5 * 0.0998458666866564
        assertEquals(0.0993844170297569, cosine.at(5), EPS);   // 0.1 * (1 + cos(pi * 0.05)) / 2, the cosine itself
    }

    @Test
    void zeroWarmupIsTheInnerSchedule() {
        LrSchedule s = new WarmupSchedule(new ConstantSchedule(0.3), 0);
        assertEquals(0.3, s.at(0), EPS);
    }

    // ================================================================ invalid arguments

    @Test
    void invalidArgumentsNameTheScheduleAndTheValue() {
        rejects(() -> new ConstantSchedule(-0.1), "ConstantSchedule: lr must be a finite number >= 0, got -0.1");
        rejects(() -> new ConstantSchedule(Double.NaN), "ConstantSchedule: lr must be a finite number >= 0, got NaN");
        rejects(() -> new CosineSchedule(-1, 10), "CosineSchedule: baseLr must be a finite number >= 0, got -1.0");
        rejects(() -> new CosineSchedule(0.1, 0), "CosineSchedule: totalEpochs must be a finite number > 0, got 0.0");
        rejects(() -> new CosineSchedule(0.1, 10, -0.01), "CosineSchedule: minLr must be a finite number >= 0, got -0.01");
        rejects(() -> new CosineSchedule(0.1, 10, 0.2), "CosineSchedule: minLr must not exceed baseLr 0.1, got 0.2");
        rejects(() -> new MultiStepSchedule(-0.1, new int[] {1}, 0.5), "MultiStepSchedule: baseLr must be a finite number >= 0, got -0.1");
        rejects(() -> new MultiStepSchedule(0.1, new int[] {90, 60}, 0.5),
                "MultiStepSchedule: milestones must be strictly increasing, got 60 after 90 in [90, 60]");
        rejects(() -> new MultiStepSchedule(0.1, new int[] {60, 60}, 0.5),
                "MultiStepSchedule: milestones must be strictly increasing, got 60 after 60 in [60, 60]");
        rejects(() -> new MultiStepSchedule(0.1, new int[] {0, 60}, 0.5), "MultiStepSchedule: milestones must be > 0, got 0 in [0, 60]");
        rejects(() -> new MultiStepSchedule(0.1, new int[] {60}, 0), "MultiStepSchedule: gamma must be a finite number > 0, got 0.0");
        rejects(() -> new MultiStepSchedule(0.1, null, 0.5), "MultiStepSchedule: milestones must not be null");
        rejects(() -> new WarmupSchedule(null, 5), "WarmupSchedule: inner schedule must not be null");
        rejects(() -> new WarmupSchedule(new ConstantSchedule(1), -1), "WarmupSchedule: warmupEpochs must be a finite number >= 0, got -1.0");
        rejects(() -> new WarmupSchedule(new ConstantSchedule(1), 5, 1.5), "WarmupSchedule: startFactor must be in [0, 1], got 1.5");
    }

    @Test
    void aStartFactorOfOneIsAllowedAndMeansNoWarmUp() {
        LrSchedule s = new WarmupSchedule(new ConstantSchedule(0.1), 5, 1.0);   // the closed end of [0, 1]
        assertEquals(0.1, s.at(0.0), EPS);
        assertEquals(0.1, s.at(2.5), EPS);
    }

    @Test
    void invalidTimesNameTheScheduleAndTheValue() {
        rejects(() -> new CosineSchedule(0.1, 10).at(-1), "CosineSchedule: epoch must be a finite number >= 0, got -1.0");
        rejects(() -> new ConstantSchedule(0.1).at(Double.NaN), "ConstantSchedule: epoch must be a finite number >= 0, got NaN");
        rejects(() -> new MultiStepSchedule(0.1, new int[] {1}, 0.5).at(Double.POSITIVE_INFINITY),
                "MultiStepSchedule: epoch must be a finite number >= 0, got Infinity");
        rejects(() -> new WarmupSchedule(new ConstantSchedule(1), 5).at(-0.5), "WarmupSchedule: epoch must be a finite number >= 0, got -0.5");
        rejects(() -> new ConstantSchedule(0.1).at(0, 10, 10),
                "ConstantSchedule: need epoch >= 0 and 0 <= step < stepsPerEpoch, got epoch=0 step=10 stepsPerEpoch=10");
        rejects(() -> new ConstantSchedule(0.1).at(0, 0, 0), "stepsPerEpoch=0");
    }

    private static void rejects(Executable call, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(message), "expected \"" + message + "\" in: " + e.getMessage());
    }
}
