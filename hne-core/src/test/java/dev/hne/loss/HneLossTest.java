package dev.hne.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The objectives on tiny cases: values by hand and against a double-precision reference written
 * from the paper's equations, gradients against central differences of that reference (with the
 * teacher held constant, as it is detached), and which leaves each objective reaches.
 */
class HneLossTest {

    // ---------------------------------------------------------------- double-precision reference

    /** z[leaf][row][class]. */
    static double[][] mean(double[][][] z, int size) {
        double[][] m = new double[z[0].length][z[0][0].length];
        for (int j = 0; j < size; j++)
            for (int r = 0; r < m.length; r++)
                for (int c = 0; c < m[0].length; c++) m[r][c] += z[j][r][c] / size;
        return m;
    }

    static double[] softmax(double[] row, double t) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double v : row) max = Math.max(max, v / t);
        double[] p = new double[row.length];
        for (int c = 0; c < row.length; c++) sum += p[c] = Math.exp(row[c] / t - max);
        for (int c = 0; c < row.length; c++) p[c] /= sum;
        return p;
    }

    static double hardCe(double[][] logits, int[] labels) {
        double s = 0;
        for (int r = 0; r < logits.length; r++) s -= Math.log(softmax(logits[r], 1)[labels[r]]);
        return s / logits.length;
    }

    static double softCe(double[][] logits, double[][] target, double t) {
        double s = 0;
        for (int r = 0; r < logits.length; r++) {
            double[] p = softmax(logits[r], t);
            for (int c = 0; c < p.length; c++) s -= target[r][c] * Math.log(p[c]);
        }
        return s / logits.length;
    }

    /** Eqs. 9-12 with sums over leaves and nested ensembles; {@code teacher} = softmax(y^E / T), held fixed. */
    static double reference(Objective o, double[][][] z, int[] labels, double[][] teacher, double t, double a) {
        int n = z.length;
        double li = 0, lh = 0, ld = 0, lhd = 0;
        for (double[][] leaf : z) li += hardCe(leaf, labels);
        for (int size = 1; size <= n; size *= 2) lh += hardCe(mean(z, size), labels);
        for (double[][] leaf : z) ld += t * t * softCe(leaf, teacher, t);
        for (int size = 1; size < n; size *= 2) lhd += t * t * softCe(mean(z, size), teacher, t);
        return switch (o) {
            case INDEPENDENT -> li;
            case HIERARCHICAL -> lh;
            case INDEPENDENT_HIERARCHICAL -> li + lh;
            case CO_DISTILLATION -> (1 - a) * li + a * ld;
            case HIERARCHICAL_DISTILLATION -> li + lhd;
        };
    }

    static double[][] teacher(double[][][] z, double t) {
        double[][] m = mean(z, z.length);
        double[][] q = new double[m.length][];
        for (int r = 0; r < m.length; r++) q[r] = softmax(m[r], t);
        return q;
    }

    // ---------------------------------------------------------------- fixtures

    static final int LEAVES = 4, ROWS = 2, CLASSES = 3;
    static final int[] LABELS = {2, 0};

    static double[][][] randomLogits(long seed) {
        Random rng = new Random(seed);
        double[][][] z = new double[LEAVES][ROWS][CLASSES];
        for (double[][] leaf : z) for (double[] row : leaf) for (int c = 0; c < CLASSES; c++) row[c] = (float) (2 * rng.nextGaussian());
        return z;
    }

    static List<Tensor> tensors(double[][][] z) {
        List<Tensor> out = new ArrayList<>();
        for (double[][] leaf : z) {
            float[] d = new float[ROWS * CLASSES];
            for (int r = 0; r < ROWS; r++) for (int c = 0; c < CLASSES; c++) d[r * CLASSES + c] = (float) leaf[r][c];
            out.add(Tensor.of(d, ROWS, CLASSES).requiresGrad(true));
        }
        return out;
    }

    // ---------------------------------------------------------------- tests

    @Test
    void handComputedValues() {
        // two leaves, one sample, label 0: z0 = (ln 3, 0) -> p = (3/4, 1/4); z1 = (0, 0) -> p = (1/2, 1/2)
        float ln3 = (float) Math.log(3);
        List<Tensor> z = List.of(Tensor.of(new float[] {ln3, 0}, 1, 2), Tensor.of(new float[] {0, 0}, 1, 2));
        int[] y = {0};
        assertEquals(-Math.log(0.75) - Math.log(0.5), HneLoss.independent(z, y).item(), 1e-6);
        // y^0 = z0; y^1 = (ln3 / 2, 0) -> p_0 = sqrt(3) / (sqrt(3) + 1)
        assertEquals(-Math.log(0.75) - Math.log(Math.sqrt(3) / (Math.sqrt(3) + 1)), HneLoss.hierarchical(z, y).item(), 1e-6);
        // teacher at T = 2: softmax((ln3 / 2) / 2, 0) = (3^{1/4}, 1) / (3^{1/4} + 1); L_HD = T^2 CE(z0 / T, teacher)
        double q0 = Math.pow(3, 0.25) / (Math.pow(3, 0.25) + 1);
        double s0 = Math.sqrt(3) / (Math.sqrt(3) + 1);   // softmax(z0 / 2)_0
        double lhd = 4 * -(q0 * Math.log(s0) + (1 - q0) * Math.log(1 - s0));
        assertEquals(lhd, HneLoss.hierarchicalDistillation(z, LossConfig.of(Objective.HIERARCHICAL_DISTILLATION)).item(), 1e-6);
        // without the T^2 factor it is a quarter of that
        LossConfig unscaled = new LossConfig(Objective.HIERARCHICAL_DISTILLATION, 2f, 0.5f, false);
        assertEquals(lhd / 4, HneLoss.hierarchicalDistillation(z, unscaled).item(), 1e-6);
    }

    @ParameterizedTest
    @EnumSource(Objective.class)
    void valuesAndGradientsMatchTheReference(Objective objective) {
        double[][][] z = randomLogits(objective.ordinal() + 1);
        LossConfig config = LossConfig.of(objective);
        List<Tensor> logits = tensors(z);
        Tensor loss = HneLoss.compute(config, logits, LABELS);
        double[][] q = teacher(z, 2);
        assertEquals(reference(objective, z, LABELS, q, 2, 0.5), loss.item(), 1e-5);
        loss.backward();
        double h = 1e-5;
        for (int j = 0; j < LEAVES; j++) {
            float[] g = logits.get(j).grad().toArray();
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < CLASSES; c++) {
                    double keep = z[j][r][c];
                    z[j][r][c] = keep + h;
                    double up = reference(objective, z, LABELS, q, 2, 0.5);   // q fixed: the teacher is detached
                    z[j][r][c] = keep - h;
                    double down = reference(objective, z, LABELS, q, 2, 0.5);
                    z[j][r][c] = keep;
                    assertEquals((up - down) / (2 * h), g[r * CLASSES + c], 2e-4,
                            objective + " d/d leaf " + j + " [" + r + "," + c + "]");
                }
            }
        }
    }

    /** Which leaves get any gradient from a loss. */
    static boolean[] reached(Tensor loss, List<Tensor> logits) {
        loss.backward();
        boolean[] out = new boolean[logits.size()];
        for (int j = 0; j < out.length; j++) {
            Tensor g = logits.get(j).grad();
            if (g != null) for (float v : g.toArray()) out[j] |= v != 0;
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Objective.class)
    void everyObjectiveTrainsEveryLeaf(Objective objective) {
        List<Tensor> logits = tensors(randomLogits(9));
        boolean[] r = reached(HneLoss.compute(LossConfig.of(objective), logits, LABELS), logits);
        for (int j = 0; j < LEAVES; j++) assertTrue(r[j], objective + " leaf " + j);
    }

    @Test
    void hierarchicalDistillationAloneReachesOnlyTheNestedEnsemblesBelowB() {
        // b = 0..B-1 covers the first 2^{B-1} = N/2 leaves; the teacher is detached, so the others get nothing
        List<Tensor> logits = tensors(randomLogits(10));
        HneLoss.hierarchicalDistillation(logits, LossConfig.of(Objective.HIERARCHICAL_DISTILLATION)).backward();
        assertNotNull(logits.get(0).grad());
        assertNotNull(logits.get(1).grad());
        assertNull(logits.get(2).grad());
        assertNull(logits.get(3).grad());
    }

    @Test
    void distillationSendsNoGradientThroughTheTeacher() {
        // L_D of leaf 0 alone: with the teacher detached only leaf 0 learns
        List<Tensor> logits = tensors(randomLogits(11));
        Tensor target = HneLoss.softTargets(dev.hne.anytime.Ensemble.mean(logits), 2f);
        assertTrue(!target.requiresGrad());
        dev.hne.engine.ops.CrossEntropy.soft(logits.get(0), target, 2f).backward();
        assertNotNull(logits.get(0).grad());
        for (int j = 1; j < LEAVES; j++) assertNull(logits.get(j).grad());
    }

    @Test
    void hierarchicalTermsUseNestedPrefixesOfTheNaturalOrder() {
        // y^0 is leaf 0 itself, y^1 the mean of leaves 0 and 1 (Eq. 5 with the natural order)
        double[][][] z = randomLogits(12);
        List<Tensor> logits = tensors(z);
        Tensor y0 = HneLoss.nested(logits, 1), y1 = HneLoss.nested(logits, 2);
        assertEquals(0, dev.hne.tree.TinySpecs.diff(y0, logits.get(0)), 0);
        double[][] m = mean(z, 2);
        float[] got = y1.toArray();
        for (int r = 0; r < ROWS; r++) for (int c = 0; c < CLASSES; c++) assertEquals(m[r][c], got[r * CLASSES + c], 1e-6);
    }

    @Test
    void parsesThePapersNames() {
        assertEquals(Objective.HIERARCHICAL_DISTILLATION, Objective.parse("LI+LHD"));
        assertEquals(Objective.INDEPENDENT, Objective.parse("li"));
        assertEquals(Objective.CO_DISTILLATION, Objective.parse("co-distillation"));
    }
}
