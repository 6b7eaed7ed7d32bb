package dev.hne.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixed-n time curve against hand-interpolated numbers. */
class FixedTimeCurveTest {

    private static SweepPoint point(String kind, double mmacs, double cpuMs) {
        return new SweepPoint(kind, 0, new Outcome(kind, 10, 0.5, mmacs, 2 * cpuMs, cpuMs, new int[] {10}), null);
    }

    @Test
    void interpolatesFixedNLinearlyInMMacsAndIgnoresOtherKinds() {
        // given out of order, with a policy point and an untimed (simulated) fixed point that must not count
        FixedTimeCurve curve = FixedTimeCurve.of(List.of(point("fixed", 4, 0.9), point("threshold", 2.5, 5),
                point("fixed", 1, 0.4), point("fixed", 2, 0.5), point("fixed", 3, Double.NaN)));
        assertEquals(0.4, curve.cpuMsAt(1), 1e-12);
        assertEquals(0.45, curve.cpuMsAt(1.5), 1e-12);
        assertEquals(0.7, curve.cpuMsAt(3), 1e-12);    // between (2, 0.5) and (4, 0.9)
        assertEquals(0.9, curve.cpuMsAt(4), 1e-12);
        assertTrue(Double.isNaN(curve.cpuMsAt(0.99)));  // outside the measured n: no extrapolation
        assertTrue(Double.isNaN(curve.cpuMsAt(4.01)));
        assertEquals(1.1, curve.ratio(point("learned", 3, 0.77).test()), 1e-12);
        assertEquals(1.1, curve.ratio(point("learned", 3, 0.77)), 1e-12);
        assertTrue(Double.isNaN(curve.ratio(point("fixed", 2, 0.5))), "fixed n is not compared with itself");
    }

    @Test
    void withoutFixedPointsEveryRatioIsUnknown() {
        FixedTimeCurve curve = FixedTimeCurve.of(List.of(point("threshold", 2, 1)));
        assertTrue(Double.isNaN(curve.ratio(point("threshold", 2, 1).test())));
    }
}
