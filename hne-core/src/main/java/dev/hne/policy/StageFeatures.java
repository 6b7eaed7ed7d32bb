package dev.hne.policy;

import dev.hne.engine.Tensor;
import dev.hne.loss.Metrics;

/**
 * The cheap features of one example's current prediction that an exit policy looks at, computed
 * after every stage (paper 002, Bolukbasi et al. 2017: the policy sees only what the network has
 * already produced, so deciding costs next to nothing beside a stage).
 *
 * <pre>
 *   confidence  max_c p_c                 p = softmax(prediction logits)
 *   margin      p_(1) - p_(2)             top-1 minus top-2 probability
 *   entropy     -sum_c p_c ln p_c          in nats; 0 for a one-hot p, ln K for a uniform one
 *   agreement   1 if argmax(latest stage alone) == argmax(prediction before this stage), else 0;
 *               1 at stage 1 (there is no earlier prediction to disagree with)
 *   stage       1..stages
 * </pre>
 * For an HNE the latest stage is the member just added and the previous prediction the ensemble
 * without it; for an anytime network, the exit just computed and the previous exit.
 */
public record StageFeatures(int stage, int stages, double confidence, double margin, double entropy,
                            double agreement) {

    /** Length of {@link #vector}: confidence, margin, normalised entropy, agreement, constant 1. */
    public static final int SIZE = 5;

    /** The names of {@link #vector}'s entries, for files and docs. */
    public static final String[] NAMES = {"confidence", "margin", "entropy/ln(K)", "agreement", "bias"};

    /**
     * The features of one example.
     *
     * @param logits        the prediction's logits: k values at {@code offset}
     * @param latestClass   argmax of the latest stage's own logits
     * @param previousClass argmax of the prediction after the previous stage, or -1 at stage 1
     */
    public static StageFeatures of(float[] logits, int offset, int k, int latestClass, int previousClass, int stage,
                                   int stages) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) max = Math.max(max, logits[offset + c]);
        double sum = 0;
        for (int c = 0; c < k; c++) sum += Math.exp(logits[offset + c] - max);
        double first = 0, second = 0, entropy = 0;
        for (int c = 0; c < k; c++) {
            double p = Math.exp(logits[offset + c] - max) / sum;
            if (p > first) {
                second = first;
                first = p;
            } else if (p > second) {
                second = p;
            }
            if (p > 0) entropy -= p * Math.log(p);
        }
        double agreement = previousClass < 0 || latestClass == previousClass ? 1 : 0;
        return new StageFeatures(stage, stages, first, first - second, entropy, agreement);
    }

    /**
     * The features of every row of one stage's output, given each row's class after the previous
     * stage ({@code previousClass[i]}, -1 at stage 1), which is then overwritten with the class now.
     *
     * @param prediction (rows, K) logits to answer with now
     * @param latest     (rows, K) logits of the latest stage alone
     */
    public static StageFeatures[] ofRows(Tensor prediction, Tensor latest, int[] previousClass, int stage, int stages) {
        float[] z = prediction.toArray();
        float[] own = latest.toArray();
        int rows = prediction.dim(0), k = prediction.dim(1);
        if (previousClass.length != rows || latest.dim(0) != rows) {
            throw new IllegalArgumentException("features: " + rows + " prediction rows, " + latest.dim(0)
                    + " latest rows and " + previousClass.length + " previous classes");
        }
        StageFeatures[] out = new StageFeatures[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = of(z, i * k, k, Metrics.argmax(own, i * k, k), previousClass[i], stage, stages);
            previousClass[i] = Metrics.argmax(z, i * k, k);
        }
        return out;
    }

    /** What the learned policy's linear classifier sees: entropy divided by ln K so all lie in [0, 1]. */
    public double[] vector(int classes) {
        return new double[] {confidence, margin, entropy / Math.log(Math.max(2, classes)), agreement, 1};
    }
}
