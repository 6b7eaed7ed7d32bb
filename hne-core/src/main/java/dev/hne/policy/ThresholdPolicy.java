package dev.hne.policy;

import java.util.Arrays;
import java.util.Locale;

/**
 * The baseline: stop after stage s when the prediction's confidence (max softmax probability)
 * reaches a per-stage threshold t_s, calibrated on the held-out split to meet a budget of AVERAGE
 * MMACs per example, as MSDNet's budgeted batch classification does (Huang et al. 2018, Sec. 4:
 * a geometric exit distribution whose ratio meets the budget, then thresholds from validation data).
 *
 * <p>Calibration ({@link #calibrate}):
 * <ol>
 *   <li>Exit proportions q_s proportional to r^(s-1), s = 1..S. MSDNet writes r = 1 - q with q in
 *       (0, 1], which can only favour early exits; we let r range over (0, infinity), so budgets up to
 *       the full model's cost are reachable (r > 1 favours late exits).</li>
 *   <li>r by bisection, so that the expected cost sum_s q_s c_s equals the budget (it grows with r).</li>
 *   <li>Thresholds stage by stage on the held-out examples still running: t_s is the confidence of
 *       the m_s-th most confident of them, where m_s makes the cumulative exits round(N sum_{j<=s} q_j)
 *       (cumulative rounding, so errors do not add up). m_s = 0 gives {@link #NEVER}.</li>
 * </ol>
 * On the held-out split itself the average cost then equals the budget up to one example's rounding
 * (ties in confidence aside); on other data it is an estimate, which the report measures.
 */
public final class ThresholdPolicy implements ExitPolicy {

    /** A threshold no probability reaches: nobody stops at that stage. */
    public static final double NEVER = 2;

    private final double budget;
    private final double[] thresholds;   // t_s at [s - 1], s = 1..S-1

    public ThresholdPolicy(double budget, double[] thresholds) {
        this.budget = budget;
        this.thresholds = thresholds.clone();
    }

    public double budget() {
        return budget;
    }

    public double[] thresholds() {
        return thresholds.clone();
    }

    @Override
    public boolean stop(StageFeatures f) {
        return f.stage() <= thresholds.length && f.confidence() >= thresholds[f.stage() - 1];
    }

    @Override
    public String label() {
        return String.format(Locale.ROOT, "threshold, budget %.2f MMACs", budget);
    }

    /**
     * Thresholds that spend {@code budget} MMACs per example on average on the table's examples.
     *
     * @throws IllegalArgumentException when the budget is outside [cost of stage 1, cost of stage S]
     */
    public static ThresholdPolicy calibrate(StageTable table, double budget) {
        int stages = table.stages();
        double low = table.cumulativeMMacs(1), high = table.cumulativeMMacs(stages);
        if (!(budget >= low - 1e-9 && budget <= high + 1e-9)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "budget %.4g MMACs is outside what the model can spend per example: %.4g (stage 1) to %.4g (stage %d)",
                    budget, low, high, stages));
        }
        double[] q = exitProportions(table, budget);
        int n = table.examples();
        double[] t = new double[stages - 1];
        boolean[] stopped = new boolean[n];
        int exited = 0;
        double cumulative = 0;
        for (int s = 1; s < stages; s++) {
            cumulative += q[s - 1];
            int want = (int) Math.min(n, Math.round(n * cumulative)) - exited;
            double[] conf = new double[n - exited];
            int m = 0;
            for (int i = 0; i < n; i++) if (!stopped[i]) conf[m++] = table.features(s, i).confidence();
            if (want <= 0 || m == 0) {
                t[s - 1] = NEVER;
                continue;
            }
            Arrays.sort(conf);
            t[s - 1] = conf[m - Math.min(want, m)];   // the want-th largest
            for (int i = 0; i < n; i++) {
                if (!stopped[i] && table.features(s, i).confidence() >= t[s - 1]) {
                    stopped[i] = true;
                    exited++;
                }
            }
        }
        return new ThresholdPolicy(budget, t);
    }

    /** q_s proportional to r^(s-1), with r chosen by bisection on ln r so that sum_s q_s c_s = budget. */
    static double[] exitProportions(StageTable table, double budget) {
        int stages = table.stages();
        double lo = -60, hi = 60;   // ln r; e^-60 puts all mass on stage 1, e^60 on stage S
        for (int it = 0; it < 200; it++) {
            double mid = (lo + hi) / 2;
            if (expectedCost(table, proportions(mid, stages)) < budget) lo = mid;
            else hi = mid;
        }
        return proportions((lo + hi) / 2, stages);
    }

    static double[] proportions(double logRatio, int stages) {
        double[] q = new double[stages];
        double max = Math.max(0, logRatio * (stages - 1));   // the largest exponent, for a stable sum
        double sum = 0;
        for (int s = 0; s < stages; s++) sum += q[s] = Math.exp(logRatio * s - max);
        for (int s = 0; s < stages; s++) q[s] /= sum;
        return q;
    }

    static double expectedCost(StageTable table, double[] q) {
        double c = 0;
        for (int s = 0; s < q.length; s++) c += q[s] * table.cumulativeMMacs(s + 1);
        return c;
    }
}
