package dev.hne.train;

/**
 * The test-split evaluation of a tree for every n = 1..N (the anytime curve) and of every model on
 * its own. Arrays are indexed by n - 1, or by leaf for {@code perModelAccuracy}.
 *
 * @param mmacs            millions of MACs per image to evaluate the first n models
 * @param accuracy         top-1 accuracy of the ensemble of the first n models (mean logits), in [0, 1]
 * @param loss             cross-entropy of that ensemble's logits, averaged over the test images
 * @param logitStd         diversity of the first n models (paper Fig. 4; 0 for n = 1)
 * @param perModelAccuracy accuracy of each leaf on its own, leaf 0 first (paper Fig. 9's bars)
 * @param order            the leaf order used ("natural" or "diverse")
 */
public record EvalResult(int samples, String order, double[] mmacs, double[] accuracy, double[] loss,
                         double[] logitStd, double[] perModelAccuracy) {

    /** N, the number of models. */
    public int models() {
        return accuracy.length;
    }

    /** Accuracy of the full ensemble (n = N). */
    public double fullAccuracy() {
        return accuracy[accuracy.length - 1];
    }
}
