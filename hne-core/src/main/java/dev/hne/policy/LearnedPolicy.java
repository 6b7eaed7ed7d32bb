package dev.hne.policy;

import java.util.Locale;

/**
 * The learned early-exit policy of paper 002 (Bolukbasi, Wang, Dekel, Saligrama, "Adaptive Neural
 * Networks for Efficient Inference", ICML 2017): after stage s < S, a linear classifier theta_s on
 * the {@link StageFeatures} of the current prediction says stop (theta_s . f > 0) or continue.
 *
 * <p>What it optimises (the paper's Sec. 3, early-exit networks): the expected task loss plus the
 * cost trade-off parameter lambda times the cost spent, per example,
 * <pre>
 *   E[ err(stop stage, x) + lambda * c_stop / c_S ]
 * </pre>
 * with err the 0/1 error of the prediction the example stops with, c_s the cumulative MMACs of
 * stage s and c_S the whole model's (so lambda is "error we accept to save the whole model's cost":
 * lambda = 0.05 trades 5 points of accuracy for all of it). lambda = 0 asks for accuracy only;
 * larger lambda stops earlier. Sweeping lambda traces the accuracy/cost curve.
 *
 * <p>How it is trained (the paper's reduction to layer-by-layer weighted binary classification,
 * trained from the last decision back to the first, its Algorithm 1), on the held-out split:
 * <pre>
 *   down_i = err(S, i) + lambda                                  cost-to-go after the last stage
 *   for s = S-1 down to 1:
 *     stop_i = err(s, i) + lambda * c_s / c_S                    cost if i stops now
 *     label_i = [stop_i < down_i],  weight_i = |stop_i - down_i|  (the loss difference: how much a
 *                                                                  wrong decision on i would cost)
 *     theta_s = weighted binary classifier on (f_s(i), label_i, weight_i)   ({@link WeightedLogistic})
 *     down_i = theta_s says stop ? stop_i : down_i               the policies from s on, as learned
 * </pre>
 * Minimising sum_i weight_i [decision_i != label_i] is the same as minimising the objective above
 * for stage s given the later stages' policies: E[d stop + (1 - d) down] = E[min] + E[|stop - down| [d wrong]].
 * We minimise the weighted log-loss, the usual smooth surrogate of that weighted 0/1 loss.
 *
 * <p>Sources: the section and algorithm numbers are the published paper's; the copy in
 * {@code ../shared/papers/002_*} holds only its abstract, so the formulas above are stated in full
 * rather than by equation number. Features, the 0/1 loss and logistic regression are our choices
 * within that formulation (docs/anytime.md).
 */
public final class LearnedPolicy implements ExitPolicy {

    private final double tradeoff;
    private final int classes;
    private final double[][] weights;   // theta_s at [s - 1], s = 1..S-1, each StageFeatures.SIZE long

    public LearnedPolicy(double tradeoff, int classes, double[][] weights) {
        this.tradeoff = tradeoff;
        this.classes = classes;
        this.weights = new double[weights.length][];
        for (int s = 0; s < weights.length; s++) {
            if (weights[s].length != StageFeatures.SIZE) {
                throw new IllegalArgumentException("stage " + (s + 1) + " has " + weights[s].length + " weights, expected "
                        + StageFeatures.SIZE);
            }
            this.weights[s] = weights[s].clone();
        }
    }

    public double tradeoff() {
        return tradeoff;
    }

    public int classes() {
        return classes;
    }

    /** theta_s of stage s = 1..S-1. */
    public double[] weights(int stage) {
        return weights[stage - 1].clone();
    }

    public int decisions() {
        return weights.length;
    }

    @Override
    public boolean stop(StageFeatures f) {
        return f.stage() <= weights.length
                && WeightedLogistic.dot(weights[f.stage() - 1], f.vector(classes)) > 0;
    }

    @Override
    public String label() {
        return String.format(Locale.ROOT, "learned, lambda %s", tradeoff);
    }

    /** The weighted binary classification problem of one stage: which decision is right, and how much it matters. */
    public record Targets(double[] label, double[] weight) {}

    /** label_i = 1 (stop) when stopping costs less than continuing, weight_i = |stop_i - continue_i|. */
    public static Targets targets(double[] stopCost, double[] continueCost) {
        double[] label = new double[stopCost.length], weight = new double[stopCost.length];
        for (int i = 0; i < label.length; i++) {
            label[i] = stopCost[i] < continueCost[i] ? 1 : 0;
            weight[i] = Math.abs(stopCost[i] - continueCost[i]);
        }
        return new Targets(label, weight);
    }

    /** Trains theta_{S-1}, ..., theta_1 on the table (the held-out split) for trade-off lambda >= 0. */
    public static LearnedPolicy fit(StageTable table, double tradeoff) {
        if (!(tradeoff >= 0) || Double.isInfinite(tradeoff)) {
            throw new IllegalArgumentException("the trade-off lambda must be a number >= 0, got " + tradeoff);
        }
        int stages = table.stages(), n = table.examples();
        double[] down = finalCosts(table, tradeoff);
        double[][] theta = new double[stages - 1][];
        for (int s = stages - 1; s >= 1; s--) {
            double[] stop = stopCosts(table, tradeoff, s);
            double[][] f = new double[n][];
            for (int i = 0; i < n; i++) f[i] = table.features(s, i).vector(table.classes());
            Targets t = targets(stop, down);
            theta[s - 1] = WeightedLogistic.fit(f, t.label(), t.weight(), StageFeatures.SIZE, WeightedLogistic.RIDGE);
            for (int i = 0; i < n; i++) {
                if (WeightedLogistic.dot(theta[s - 1], f[i]) > 0) down[i] = stop[i];
            }
        }
        return new LearnedPolicy(tradeoff, table.classes(), theta);
    }

    /** err(S, i) + lambda: every example's cost when it runs to the last stage. */
    static double[] finalCosts(StageTable table, double tradeoff) {
        return stopCosts(table, tradeoff, table.stages());
    }

    /** err(s, i) + lambda c_s / c_S: every example's cost if it stops after stage s. */
    static double[] stopCosts(StageTable table, double tradeoff, int stage) {
        double[] cost = new double[table.examples()];
        double fraction = table.cumulativeMMacs(stage) / table.cumulativeMMacs(table.stages());
        for (int i = 0; i < cost.length; i++) cost[i] = error(table, stage, i) + tradeoff * fraction;
        return cost;
    }

    private static double error(StageTable table, int stage, int example) {
        return table.correct(stage, example) ? 0 : 1;
    }
}
