package dev.hne.loss;

import dev.hne.engine.Tensor;
import java.util.List;

/**
 * What the paper plots besides accuracy of the ensemble: the diversity of the members (Fig. 4)
 * and the accuracy of each member on its own (the bars of Fig. 9). Plain double-precision loops on
 * host copies; nothing here is differentiated. For a whole test set, call per batch and weight each
 * batch's value by its size.
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

    /** Fraction of rows of logits (batch, K) whose arg-max is the label. */
    public static double accuracy(Tensor logits, int[] labels) {
        float[] z = logits.toArray();
        int n = logits.dim(0), k = logits.dim(1);
        if (labels.length != n) {
            throw new IllegalArgumentException("accuracy: " + n + " rows of logits but " + labels.length + " labels");
        }
        int correct = 0;
        for (int i = 0; i < n; i++) if (argmax(z, i * k, k) == labels[i]) correct++;
        return (double) correct / n;
    }

    /** The class with the largest of the k logits z[offset .. offset + k) (the first on ties). */
    public static int argmax(float[] z, int offset, int k) {
        int best = 0;
        for (int c = 1; c < k; c++) if (z[offset + c] > z[offset + best]) best = c;
        return best;
    }

    /** The accuracy of each model on its own, in the order given. */
    public static double[] perModelAccuracy(List<Tensor> leafLogits, int[] labels) {
        return leafLogits.stream().mapToDouble(z -> accuracy(z, labels)).toArray();
    }

    /** The accuracy of the ensemble of the first n models (mean logits), for n = 1..M: the curves of Fig. 9. */
    public static double[] ensembleAccuracyByN(List<Tensor> leafLogits, int[] labels) {
        float[][] z = host(leafLogits);
        int n = leafLogits.get(0).dim(0), k = leafLogits.get(0).dim(1);
        double[] sum = new double[z[0].length];
        double[] out = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            for (int i = 0; i < sum.length; i++) sum[i] += z[j][i];
            int correct = 0;
            for (int r = 0; r < n; r++) {
                int best = 0;
                for (int c = 1; c < k; c++) if (sum[r * k + c] > sum[r * k + best]) best = c;
                if (best == labels[r]) correct++;
            }
            out[j] = (double) correct / n;
        }
        return out;
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
