package dev.hne.cascade;

import dev.hne.policy.StageTable;
import java.util.ArrayList;
import java.util.List;

/**
 * The anytime curve of an EANN, a sequence of Exponentially deepening Anytime Neural Networks
 * (Hu, Dey, Bagnell, Hebert, "Anytime Neural Network: a Versatile Trade-off Between Computation and
 * Accuracy", arXiv 1708.06832v2, Oct 2017; docs/ann.md §7): anytime networks of geometrically
 * growing cost, evaluated one after the other, every exit of each. At a budget, the answer is the
 * BEST exit reached so far, "best" judged on the held-out split (a later network's early exits can
 * be worse than the previous network's last one, and are then not used).
 *
 * <pre>
 *   exits in order (network 1 exit 1, ..., network 1 exit E_1, network 2 exit 1, ...)
 *   cost(k, e)   = sum_{j<k} C_j + c_k(e)          C_j: network j in full; c_k(e): network k up to exit e
 *   answer(k, e) = argmax over exits reached so far of the held-out accuracy (ties: the later exit)
 *   accuracy     = the test accuracy of that answer
 * </pre>
 * Costs come from the cost model ({@link dev.hne.anytime.StagedModel#cumulativeMMacs}) through the
 * tables; nothing here runs a network.
 *
 * @param network, exit  the exit just reached (1-based)
 * @param mmacs          cost(k, e) per image
 * @param answerNetwork, answerExit  the exit the EANN answers with at this point
 */
public record EannCurve(List<Point> points) {

    public record Point(int network, int exit, double mmacs, int answerNetwork, int answerExit, double holdoutAccuracy,
                        double testAccuracy) {}

    /**
     * @param holdout per network, its stage table on the held-out split (every exit)
     * @param test    the same networks on the test split
     */
    public static EannCurve of(List<StageTable> holdout, List<StageTable> test) {
        if (holdout.size() != test.size() || holdout.isEmpty()) {
            throw new IllegalArgumentException("EANN: " + holdout.size() + " held-out tables and " + test.size() + " test tables");
        }
        List<Point> points = new ArrayList<>();
        double before = 0;   // sum of the earlier networks' full costs
        double bestHoldout = -1, bestTest = 0;
        int bestNet = 0, bestExit = 0;
        for (int k = 1; k <= holdout.size(); k++) {
            StageTable h = holdout.get(k - 1), t = test.get(k - 1);
            for (int e = 1; e <= h.stages(); e++) {
                double acc = accuracy(h, e);
                if (acc >= bestHoldout) {
                    bestHoldout = acc;
                    bestTest = accuracy(t, e);
                    bestNet = k;
                    bestExit = e;
                }
                points.add(new Point(k, e, before + h.cumulativeMMacs(e), bestNet, bestExit, bestHoldout, bestTest));
            }
            before += h.cumulativeMMacs(h.stages());
        }
        return new EannCurve(points);
    }

    /**
     * The paper's cost overhead for each network k: (C_1 + ... + C_k) / C_k, what the EANN spends to
     * reach network k's last exit relative to running network k alone. For costs growing by a factor
     * b it stays below b / (b - 1) (b = 2: 2; b = 3: 1.5), whatever k: the "constant fraction".
     */
    public static double[] overheads(List<StageTable> tables) {
        double[] r = new double[tables.size()];
        double sum = 0;
        for (int k = 0; k < r.length; k++) {
            double full = tables.get(k).cumulativeMMacs(tables.get(k).stages());
            sum += full;
            r[k] = sum / full;
        }
        return r;
    }

    /**
     * The bound b / (b - 1) on every {@link #overheads} entry, b the smallest ratio C_{k+1} / C_k of
     * consecutive networks' full costs: sum_{j<=k} C_j <= C_k (1 + 1/b + 1/b^2 + ...). Infinite when
     * some network costs no more than the one before (b <= 1); 1 for a single network.
     */
    public static double bound(List<StageTable> tables) {
        if (tables.size() < 2) {
            return 1;
        }
        double b = Double.POSITIVE_INFINITY;
        for (int k = 1; k < tables.size(); k++) b = Math.min(b, full(tables.get(k)) / full(tables.get(k - 1)));
        return b <= 1 ? Double.POSITIVE_INFINITY : b / (b - 1);
    }

    private static double full(StageTable t) {
        return t.cumulativeMMacs(t.stages());
    }

    static double accuracy(StageTable table, int stage) {
        int right = 0;
        for (int i = 0; i < table.examples(); i++) if (table.correct(stage, i)) right++;
        return right / (double) Math.max(1, table.examples());
    }
}
