package dev.hne.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hne.engine.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The gradient of the weighted exit loss against central finite differences of a double-precision
 * reference written with plain loops. For AdaLoss at its first step (averages = the losses
 * themselves) the step's gradient must be that of the paper's objective sum_i a_i log l_i + lambda l_i.
 */
class AnnLossGradientTest {

    static final int EXITS = 3, N = 4, K = 5;

    /** Mean cross-entropy of (N, K) logits z (flat, row-major) in double precision. */
    static double crossEntropy(double[] z, int[] labels) {
        double total = 0;
        for (int n = 0; n < N; n++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < K; k++) max = Math.max(max, z[n * K + k]);
            double sum = 0;
            for (int k = 0; k < K; k++) sum += Math.exp(z[n * K + k] - max);
            total += max + Math.log(sum) - z[n * K + labels[n]];
        }
        return total / N;
    }

    /** Autograd gradient of the objective with respect to every exit's logits. */
    static double[][] autogradGradient(float[][] logits, int[] labels, ExitWeighting weighting) {
        List<Tensor> inputs = new ArrayList<>();
        for (float[] z : logits) inputs.add(Tensor.of(z.clone(), N, K).requiresGrad(true));
        AnnLoss.compute(inputs, labels, weighting).objective().backward();
        double[][] g = new double[EXITS][];
        for (int i = 0; i < EXITS; i++) {
            float[] gf = inputs.get(i).grad().toArray();
            g[i] = new double[gf.length];
            for (int j = 0; j < gf.length; j++) g[i][j] = gf[j];
        }
        return g;
    }

    /** Central differences of f over every logit of every exit. */
    static double[][] numericGradient(float[][] logits, ToDoubleFunction<double[][]> f) {
        double h = 1e-5;
        double[][] z = new double[EXITS][N * K];
        for (int i = 0; i < EXITS; i++) for (int j = 0; j < N * K; j++) z[i][j] = logits[i][j];
        double[][] g = new double[EXITS][N * K];
        for (int i = 0; i < EXITS; i++) {
            for (int j = 0; j < N * K; j++) {
                double keep = z[i][j];
                z[i][j] = keep + h;
                double plus = f.applyAsDouble(z);
                z[i][j] = keep - h;
                double minus = f.applyAsDouble(z);
                z[i][j] = keep;
                g[i][j] = (plus - minus) / (2 * h);
            }
        }
        return g;
    }

    static float[][] randomLogits(long seed) {
        Random rng = new Random(seed);
        float[][] z = new float[EXITS][N * K];
        for (float[] row : z) for (int j = 0; j < row.length; j++) row[j] = (float) (2 * rng.nextGaussian());
        return z;
    }

    static final int[] LABELS = {0, 3, 4, 1};

    @Test
    void adaLossFirstStepIsTheGradientOfTheLogObjective() {
        float[][] z = randomLogits(1);
        double[] a = {1.0, 0.5, 2.0};
        double lambda = 0.3;
        double[][] got = autogradGradient(z, LABELS, new AdaLoss(a, lambda, 0.9));
        double[][] want = numericGradient(z, zz -> {
            double j = 0;
            for (int i = 0; i < EXITS; i++) {
                double l = crossEntropy(zz[i], LABELS);
                j += a[i] * Math.log(l) + lambda * l;   // the paper's objective, per exit
            }
            return j;
        });
        for (int i = 0; i < EXITS; i++) assertArrayEquals(want[i], got[i], 2e-4, "exit " + (i + 1));
    }

    @Test
    void constantWeightsGiveTheGradientOfTheWeightedSum() {
        float[][] z = randomLogits(2);
        double[] w = {0.25, 1.0, 3.0};
        double[][] got = autogradGradient(z, LABELS, new ConstantWeights(w));
        double[][] want = numericGradient(z, zz -> {
            double j = 0;
            for (int i = 0; i < EXITS; i++) j += w[i] * crossEntropy(zz[i], LABELS);
            return j;
        });
        for (int i = 0; i < EXITS; i++) assertArrayEquals(want[i], got[i], 2e-4, "exit " + (i + 1));
    }

    @Test
    void laterStepsUseTheRunningAveragesAsConstants() {
        // after a warm-up the weights are 1 / lhat_i, not 1 / l_i: the gradient is sum_i (1 / lhat_i) grad l_i
        AdaLoss ada = AdaLoss.paperDefaults(EXITS);
        ada.next(new double[] {2.0, 1.5, 1.0});
        ada.next(new double[] {1.8, 1.2, 0.7});
        AdaLoss copy = AdaLoss.paperDefaults(EXITS);
        copy.loadState(ada.state());
        float[][] z = randomLogits(3);
        double[] l = new double[EXITS];
        for (int i = 0; i < EXITS; i++) {
            double[] zi = new double[N * K];
            for (int j = 0; j < zi.length; j++) zi[j] = z[i][j];
            l[i] = crossEntropy(zi, LABELS);
        }
        double[] expectedWeights = copy.next(l);   // the weights this step will use
        double[][] got = autogradGradient(z, LABELS, ada);
        double[][] want = numericGradient(z, zz -> {
            double j = 0;
            for (int i = 0; i < EXITS; i++) j += expectedWeights[i] * crossEntropy(zz[i], LABELS);
            return j;
        });
        for (int i = 0; i < EXITS; i++) assertArrayEquals(want[i], got[i], 2e-4, "exit " + (i + 1));
        assertEquals(3, ada.steps());
    }
}
