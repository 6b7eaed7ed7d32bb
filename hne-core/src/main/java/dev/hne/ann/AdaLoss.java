package dev.hne.ann;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdaLoss, the adaptive weights of Hu, Dey, Hebert and Bagnell, "Learning Anytime Predictions in
 * Neural Networks via Adaptive Loss Balancing" (arXiv 1708.06832; its v2 is the "Anytime Neural
 * Network" paper in ../shared/papers/003, whose stored text is only the abstract), Sec. 3,
 * "Adaptive Loss Balancing":
 *
 * <pre>
 *   objective    min_theta  sum_i  a_i log E[l_i(theta)]  +  lambda E[l_i(theta)]
 *                (the geometric mean of the expected exit losses: it ignores their scale, so a
 *                 late exit whose loss is already small still counts as much as an early one)
 *   its gradient sum_i ( a_i / E[l_i] + lambda ) grad l_i
 *   so the step  minimises sum_i B_i l_i  with  B_i = a_i / lhat_i + lambda,  B_i held constant,
 *                lhat_i = running (exponential) average of l_i, the estimate of E[l_i]:
 *                lhat_i <- m lhat_i + (1 - m) l_i   (seeded with the first step's l_i)
 * </pre>
 * Each weight is inversely proportional to its exit's average loss: exits whose loss falls get
 * MORE weight, which is what keeps the final exit as good as a network trained for it alone.
 * The weights are NOT renormalised: their sum grows as the losses fall, exactly as the gradient of
 * the log objective does (docs/ann.md discusses what that does to the effective learning rate).
 * This class does the bookkeeping; {@link AnnLoss} forms the weighted sum.
 *
 * <p>Defaults ({@link #paperDefaults}): a_i = 1 (all exits equally important), lambda = 0, m = 0.99.
 */
public final class AdaLoss implements ExitWeighting {

    static final String AVERAGE_KEY = "adaloss_running_loss";
    static final String STEPS_KEY = "adaloss_steps";

    /** Below this an average loss is treated as this, so a (numerically) perfect exit cannot get infinite weight. */
    static final double MIN_AVERAGE = 1e-8;

    private final double[] importance;   // a_i
    private final double lambda;
    private final double momentum;       // m
    private double[] average;            // lhat_i; null before the first step
    private long steps;

    public AdaLoss(double[] importance, double lambda, double momentum) {
        if (!(momentum >= 0 && momentum < 1) || !(lambda >= 0)) {
            throw new IllegalArgumentException("AdaLoss needs momentum in [0, 1) and lambda >= 0, got " + momentum
                    + " and " + lambda);
        }
        this.importance = importance.clone();
        this.lambda = lambda;
        this.momentum = momentum;
    }

    public static AdaLoss paperDefaults(int exits) {
        double[] a = new double[exits];
        Arrays.fill(a, 1.0);
        return new AdaLoss(a, 0.0, 0.99);
    }

    @Override
    public double[] next(double[] exitLosses) {
        if (exitLosses.length != importance.length) {
            throw new IllegalArgumentException("AdaLoss for " + importance.length + " exits, got "
                    + exitLosses.length + " losses");
        }
        if (average == null) {
            average = exitLosses.clone();
        } else {
            for (int i = 0; i < average.length; i++) {
                average[i] = momentum * average[i] + (1 - momentum) * exitLosses[i];
            }
        }
        steps++;
        return weights();
    }

    /** B_i = a_i / lhat_i + lambda from the current averages (1 / ... of nothing yet: all a_i + lambda). */
    public double[] weights() {
        double[] w = new double[importance.length];
        for (int i = 0; i < w.length; i++) {
            double avg = average == null ? 1.0 : Math.max(MIN_AVERAGE, average[i]);
            w[i] = importance[i] / avg + lambda;
        }
        return w;
    }

    /** lhat_i, or null before the first step. */
    public double[] averages() {
        return average == null ? null : average.clone();
    }

    public long steps() {
        return steps;
    }

    @Override
    public String cliName() {
        return "adaloss";
    }

    @Override
    public String label() {
        return "AdaLoss";
    }

    @Override
    public Map<String, String> state() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(STEPS_KEY, Long.toString(steps));
        if (average != null) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < average.length; i++) sb.append(i > 0 ? " " : "").append(average[i]);   // exact round trip
            m.put(AVERAGE_KEY, sb.toString());
        }
        return m;
    }

    @Override
    public void loadState(Map<String, String> metadata) {
        String s = metadata.get(STEPS_KEY);
        if (s == null) {
            throw new IllegalArgumentException("no '" + STEPS_KEY + "' (AdaLoss state) in the metadata");
        }
        try {
            steps = Long.parseLong(s);
            String a = metadata.get(AVERAGE_KEY);
            average = a == null ? null : Arrays.stream(a.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unreadable AdaLoss state '" + AVERAGE_KEY + "': " + e.getMessage());
        }
        if (average != null && average.length != importance.length) {
            throw new IllegalArgumentException("AdaLoss state has " + average.length + " averages, the network "
                    + importance.length + " exits");
        }
    }
}
