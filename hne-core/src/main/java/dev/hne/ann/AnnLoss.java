package dev.hne.ann;

import dev.hne.engine.Tensor;
import dev.hne.engine.ops.CrossEntropy;
import java.util.List;

/**
 * The training objective of an anytime network: sum_i B_i l_i over its exits, where l_i is the
 * mean cross-entropy of exit i on the batch and B_i come from an {@link ExitWeighting} (constant,
 * or AdaLoss from the running averages). The weights are plain numbers when the sum is formed, so
 * the gradient is sum_i B_i grad l_i (for AdaLoss: the gradient of its log objective).
 */
public final class AnnLoss {

    private AnnLoss() {}

    /**
     * @param objective  sum_i B_i l_i, a scalar tensor on the autograd graph
     * @param exitLosses l_i as numbers, exit 1 first
     * @param weights    B_i used for this step
     */
    public record Weighted(Tensor objective, double[] exitLosses, double[] weights) {

        /** sum_i l_i, unweighted: what the logs report, comparable between weightings. */
        public double lossSum() {
            double s = 0;
            for (double l : exitLosses) s += l;
            return s;
        }
    }

    /** @param exitLogits one (N, K) tensor per exit, exit 1 first */
    public static Weighted compute(List<Tensor> exitLogits, int[] labels, ExitWeighting weighting) {
        int exits = exitLogits.size();
        Tensor[] ce = new Tensor[exits];
        double[] values = new double[exits];
        for (int i = 0; i < exits; i++) {
            ce[i] = CrossEntropy.hard(exitLogits.get(i), labels);
            values[i] = ce[i].item();
        }
        double[] w = weighting.next(values);
        Tensor total = null;
        for (int i = 0; i < exits; i++) {
            Tensor term = ce[i].scale((float) w[i]);
            total = total == null ? term : total.add(term);
        }
        return new Weighted(total, values, w);
    }
}
