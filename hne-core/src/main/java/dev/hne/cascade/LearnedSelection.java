package dev.hne.cascade;

import dev.hne.policy.LearnedPolicy;
import dev.hne.policy.StageFeatures;
import dev.hne.policy.WeightedLogistic;
import java.util.Locale;

/**
 * The learned network-selection policy of paper 002 (Bolukbasi, Wang, Dekel, Saligrama, "Adaptive
 * Neural Networks for Efficient Inference", ICML 2017, Sec. 4, network selection), on the same
 * machinery as the early-exit policy ({@link LearnedPolicy}, {@link WeightedLogistic}).
 *
 * <p>Objective, per example: err(answer) + lambda * (MMACs of the networks evaluated) / C, with
 * C = the cost of evaluating every network in full, so lambda reads as for early exit ("error we
 * accept to save all the compute"). After network m an example exits, goes to m + 1, or jumps to
 * m + 2. Two linear classifiers per network decide, on the {@link StageFeatures} of network m's
 * answer: theta_stop(m) (exit or go on) and theta_jump(m) (if going on: m + 2 or m + 1).
 *
 * <p>The reduction to weighted binary classification, fitted from the last network back to the
 * first so that each decision is learned knowing what the later, already learned ones do:
 * <pre>
 *   V_M(i) = err(M, i)                                         what an example that reached M ends with
 *   for m = M-1 down to 1:
 *     next_i = lambda c(m+1, i) / C + V_{m+1}(i)              cost-to-go via network m + 1
 *     jump_i = lambda c(m+2, i) / C + V_{m+2}(i)              via network m + 2 (when m + 2 <= M)
 *     theta_jump(m) = weighted logistic on (f_m(i), [jump_i < next_i], |jump_i - next_i|)
 *     go_i   = theta_jump(m) says jump ? jump_i : next_i
 *     theta_stop(m) = weighted logistic on (f_m(i), [err(m, i) < go_i], |err(m, i) - go_i|)
 *     V_m(i) = theta_stop(m) says stop ? err(m, i) : go_i
 * </pre>
 * with c(m, i) the MMACs network m spent on example i (its full cost, or less with its own early
 * exit). The cost of network m itself is paid whatever is decided after it, so it does not enter.
 * The jump classifier is fitted on every example, before it is known which ones the stop
 * classifier will send on; an example that exits makes its jump decision irrelevant. Without
 * jumps (two networks, or theta_jump never firing) and with every network run in full, this is
 * {@link LearnedPolicy#fit} on the cascade seen as stages (both sides of every comparison differ
 * from its by the same constant); with a network's own early exit, c(m, i) is that example's own cost.
 */
public final class LearnedSelection implements SelectionPolicy {

    private final double tradeoff;
    private final LearnedPolicy stop;   // theta_stop(m) as stage m's weights, m = 1..M-1
    private final LearnedPolicy jump;   // theta_jump(m), m = 1..M-2 (none for two networks)

    public LearnedSelection(double tradeoff, LearnedPolicy stop, LearnedPolicy jump) {
        this.tradeoff = tradeoff;
        this.stop = stop;
        this.jump = jump;
    }

    public double tradeoff() {
        return tradeoff;
    }

    /** theta_stop of networks 1..M-1 (as a {@link LearnedPolicy}: "stop" = exit the cascade). */
    public LearnedPolicy stopPolicy() {
        return stop;
    }

    /** theta_jump of networks 1..M-2 ("stop" = jump past the next network). */
    public LearnedPolicy jumpPolicy() {
        return jump;
    }

    @Override
    public Action decide(StageFeatures f) {
        if (stop.stop(f)) return Action.EXIT;
        return jump.stop(f) ? Action.JUMP : Action.NEXT;
    }

    @Override
    public String label() {
        return String.format(Locale.ROOT, "learned selection, lambda %s", tradeoff);
    }

    /** The policy and, for inspection and tests, the weighted problems it was fitted on. */
    public record Reduction(LearnedSelection policy, LearnedPolicy.Targets[] stopTargets, LearnedPolicy.Targets[] jumpTargets) {}

    public static LearnedSelection fit(SelectionTable table, double tradeoff) {
        return reduce(table, tradeoff).policy();
    }

    /** Fits theta_stop and theta_jump from network M-1 back to 1; the targets at [m - 1]. */
    public static Reduction reduce(SelectionTable table, double tradeoff) {
        if (!(tradeoff >= 0) || Double.isInfinite(tradeoff)) {
            throw new IllegalArgumentException("the trade-off lambda must be a number >= 0, got " + tradeoff);
        }
        int nets = table.networks(), n = table.examples();
        double scale = tradeoff / table.totalFullMMacs();
        double[][] value = new double[nets + 1][];   // V_m at [m]
        value[nets] = errors(table, nets);
        double[][] thetaStop = new double[nets - 1][], thetaJump = new double[Math.max(0, nets - 2)][];
        LearnedPolicy.Targets[] stopTargets = new LearnedPolicy.Targets[nets - 1];
        LearnedPolicy.Targets[] jumpTargets = new LearnedPolicy.Targets[nets - 1];
        for (int m = nets - 1; m >= 1; m--) {
            double[][] f = new double[n][];
            for (int i = 0; i < n; i++) f[i] = table.features(m, i).vector(table.classes());
            double[] go = viaNetwork(table, value, m + 1, scale);
            if (m + 2 <= nets) {
                double[] jumpCost = viaNetwork(table, value, m + 2, scale);
                jumpTargets[m - 1] = LearnedPolicy.targets(jumpCost, go);
                thetaJump[m - 1] = fitOne(f, jumpTargets[m - 1]);
                for (int i = 0; i < n; i++) {
                    if (WeightedLogistic.dot(thetaJump[m - 1], f[i]) > 0) go[i] = jumpCost[i];
                }
            }
            double[] err = errors(table, m);
            stopTargets[m - 1] = LearnedPolicy.targets(err, go);
            thetaStop[m - 1] = fitOne(f, stopTargets[m - 1]);
            value[m] = new double[n];
            for (int i = 0; i < n; i++) value[m][i] = WeightedLogistic.dot(thetaStop[m - 1], f[i]) > 0 ? err[i] : go[i];
        }
        LearnedSelection policy = new LearnedSelection(tradeoff, new LearnedPolicy(tradeoff, table.classes(), thetaStop),
                new LearnedPolicy(tradeoff, table.classes(), thetaJump));
        return new Reduction(policy, stopTargets, jumpTargets);
    }

    /** lambda c(to, i) / C + V_to(i): the cost-to-go of going to network {@code to}. */
    private static double[] viaNetwork(SelectionTable table, double[][] value, int to, double scale) {
        double[] c = new double[table.examples()];
        for (int i = 0; i < c.length; i++) c[i] = scale * table.mmacs(to, i) + value[to][i];
        return c;
    }

    private static double[] errors(SelectionTable table, int network) {
        double[] e = new double[table.examples()];
        for (int i = 0; i < e.length; i++) e[i] = table.correct(network, i) ? 0 : 1;
        return e;
    }

    private static double[] fitOne(double[][] f, LearnedPolicy.Targets t) {
        return WeightedLogistic.fit(f, t.label(), t.weight(), StageFeatures.SIZE, WeightedLogistic.RIDGE);
    }
}
