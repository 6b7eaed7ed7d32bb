package dev.hne.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Fixed n's measured CPU time per image as a function of its MMACs per image, linear between the
 * measured n: what an early-exit point's time is compared with. An adaptive point that spends
 * 3.1 MMACs on average should cost what a fixed n of 3.1 MMACs would, if its only cost were the
 * MACs; the ratio of the two is the overhead of adaptive evaluation (a shrinking batch runs smaller,
 * less efficient kernels; every stage has fixed costs however few images go on; features and
 * policy; {@code retain}'s row copies).
 */
public final class FixedTimeCurve {

    private final double[] mmacs;
    private final double[] cpuMs;

    private FixedTimeCurve(double[] mmacs, double[] cpuMs) {
        this.mmacs = mmacs;
        this.cpuMs = cpuMs;
    }

    /** The curve through the timed points of kind "fixed" (none: a curve that answers NaN everywhere). */
    public static FixedTimeCurve of(List<SweepPoint> points) {
        List<Outcome> fixed = new ArrayList<>();
        for (SweepPoint p : points) {
            if (p.kind().equals("fixed") && !Double.isNaN(p.test().cpuMsPerExample())) fixed.add(p.test());
        }
        fixed.sort((a, b) -> Double.compare(a.averageMMacs(), b.averageMMacs()));
        double[] x = new double[fixed.size()], y = new double[fixed.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = fixed.get(i).averageMMacs();
            y[i] = fixed.get(i).cpuMsPerExample();
        }
        return new FixedTimeCurve(x, y);
    }

    /** Fixed n's CPU ms per image at {@code m} MMACs per image; NaN outside the measured n. */
    public double cpuMsAt(double m) {
        for (int i = 0; i < mmacs.length; i++) {
            if (m == mmacs[i]) return cpuMs[i];
            if (i > 0 && m < mmacs[i] && m > mmacs[i - 1]) {
                double t = (m - mmacs[i - 1]) / (mmacs[i] - mmacs[i - 1]);
                return cpuMs[i - 1] + t * (cpuMs[i] - cpuMs[i - 1]);
            }
        }
        return Double.NaN;
    }

    /** A policy point's test CPU time over fixed n's at the same average MMACs; NaN for fixed n itself. */
    public double ratio(SweepPoint p) {
        return p.kind().equals("fixed") ? Double.NaN : ratio(p.test());
    }

    /** The outcome's CPU time over fixed n's at the same average MMACs (1.10: 10% more); NaN where unknown. */
    public double ratio(Outcome o) {
        return o.cpuMsPerExample() / cpuMsAt(o.averageMMacs());
    }
}
