package dev.hne.loss;

import dev.hne.engine.Tensor;
import java.util.List;

/**
 * Scores on host copies of logits: correct predictions (arg-max equals the label) and what the
 * paper plots besides accuracy, the diversity of the members (Fig. 4). Plain double-precision
 * loops; nothing here is differentiated. For a whole test set, call per batch and add the counts
 * (or weight each batch's diversity by its size).
 */
public final class Metrics {

    private Metrics() {}

    /**
     * Diversity: the standard deviation of the logits across the M models (unbiased, 1/(M-1) as
     * torch.std), for each sample and class, averaged over classes and samples. 0 for one model.
     *
     * @param leafLogits M tensors (batch, K)
     */
    public static double logitStd(List<Tensor> leafLogits) {
        int m = leafLogits.size();
        if (m < 2) {
            return 0;
        }
        float[][] z = host(leafLogits);
        int cells = z[0].length;
        double total = 0;
        for (int i = 0; i < cells; i++) {
            double mean = 0;
            for (float[] model : z) mean += model[i];
            mean /= m;
            double ss = 0;
            for (float[] model : z) ss += (model[i] - mean) * (model[i] - mean);
            total += Math.sqrt(ss / (m - 1));
        }
        return total / cells;
    }

    /** Rows of logits (labels.length, K), row-major, whose arg-max is the label. */
    public static int correct(float[] logits, int[] labels) {
        int k = logits.length / labels.length, right = 0;
        for (int i = 0; i < labels.length; i++) if (argmax(logits, i * k, k) == labels[i]) right++;
        return right;
    }

    /** The class with the largest of the k logits z[offset .. offset + k) (the first on ties). */
    public static int argmax(float[] z, int offset, int k) {
        int best = 0;
        for (int c = 1; c < k; c++) if (z[offset + c] > z[offset + best]) best = c;
        return best;
    }

    private static float[][] host(List<Tensor> leafLogits) {
        float[][] z = new float[leafLogits.size()][];
        for (int j = 0; j < z.length; j++) {
            z[j] = leafLogits.get(j).toArray();
            if (z[j].length != z[0].length) {
                throw new IllegalArgumentException("models' logits differ in shape: " + leafLogits.get(0).shapeString()
                        + " and " + leafLogits.get(j).shapeString());
            }
        }
        return z;
    }
}
