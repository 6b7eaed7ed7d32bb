package dev.hne.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The objectives on tiny cases: values by hand (the alpha weighting and soft scale of Sec. 3.3, and
 * the old definition old checkpoints keep), against a double-precision reference written
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

    /**
     * Eqs. 9-12 with sums over leaves and nested ensembles, the distillation objectives weighted
     * (1 - a) hard + a s soft as in Sec. 3.3 (s = soft scale); {@code teacher} = softmax(y^E / T), held fixed.
     */
    static double reference(Objective o, double[][][] z, int[] labels, double[][] teacher, double t, double a, double s) {
        int n = z.length;
        double li = 0, lh = 0, ld = 0, lhd = 0;
        for (double[][] leaf : z) li += hardCe(leaf, labels);
        for (int size = 1; size <= n; size *= 2) lh += hardCe(mean(z, size), labels);
        for (double[][] leaf : z) ld += s * softCe(leaf, teacher, t);
        for (int size = 1; size < n; size *= 2) lhd += s * softCe(mean(z, size), teacher, t);
        return switch (o) {
            case INDEPENDENT -> li;
            case HIERARCHICAL -> lh;
            case INDEPENDENT_HIERARCHICAL -> li + lh;
            case CO_DISTILLATION -> (1 - a) * li + a * ld;
            case HIERARCHICAL_DISTILLATION -> (1 - a) * li + a * lhd;
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

    // The two-leaf case of the hand computations below: one sample, label 0, K = 2 classes,
    // z0 = (ln 3, 0) -> softmax (3/4, 1/4); z1 = (0, 0) -> (1/2, 1/2); B = 1, T = 2.
    //   L_I  = -ln 3/4 - ln 1/2                                   = 0.28768 + 0.69315 = 0.98083
    //   y^E  = (ln 3 / 2, 0); teacher q = softmax(y^E / 2) = (3^{1/4}, 1) / (3^{1/4} + 1) = (0.56820, 0.43180)
    //   softmax(z0 / 2) = (sqrt 3, 1) / (sqrt 3 + 1) = (0.63397, 0.36603)
    //   L_HD = CE(y^0 = z0, q) = -(0.56820 ln 0.63397 + 0.43180 ln 0.36603)        = 0.69292
    //   L_D  = L_HD + CE(z1, q) = L_HD + ln 2 (softmax(z1 / 2) = (1/2, 1/2))        = 1.38606
    // Checked with numpy (pasted):
    //   def sm(z, t=1): e = np.exp(np.array(z) / t - max(np.array(z) / t)); return e / e.sum()
    //   z0 = np.array([np.log(3), 0.]); z1 = np.array([0., 0.])
    //   LI = -np.log(sm(z0)[0]) - np.log(sm(z1)[0]); q = sm((z0 + z1) / 2, 2)
    //   LHD = -(q * np.log(sm(z0, 2))).sum(); LD = LHD - (q * np.log(sm(z1, 2))).sum()
    //   -> 0.9808292530117262 0.6929176338687648 1.38606481442871
    static final double LI = 0.9808292530117262, LHD = 0.6929176338687648, LD = 1.38606481442871;

    static List<Tensor> twoLeaves() {
        float ln3 = (float) Math.log(3);
        return List.of(Tensor.of(new float[] {ln3, 0}, 1, 2), Tensor.of(new float[] {0, 0}, 1, 2));
    }

    static final int[] LABEL_0 = {0};

    @Test
    void handComputedValues() {
        List<Tensor> z = twoLeaves();
        assertEquals(LI, HneLoss.independent(z, LABEL_0).item(), 1e-6);
        // y^0 = z0; y^1 = (ln3 / 2, 0) -> p_0 = sqrt(3) / (sqrt(3) + 1)
        assertEquals(-Math.log(0.75) - Math.log(Math.sqrt(3) / (Math.sqrt(3) + 1)), HneLoss.hierarchical(z, LABEL_0).item(), 1e-6);
        LossConfig plain = LossConfig.of(Objective.HIERARCHICAL_DISTILLATION);
        assertEquals(LHD, HneLoss.hierarchicalDistillation(z, plain).item(), 1e-6);
        // with the T^2 factor it is T^2 = 4 times that
        assertEquals(4 * LHD, HneLoss.hierarchicalDistillation(z, plain.withSoftScale(SoftScale.T_SQUARED)).item(), 1e-6);
        assertEquals(LD, HneLoss.distillation(z, plain).item(), 1e-6);
    }

    @Test
    void hierarchicalCoDistillationIsWeightedByAlphaAsInThePaper() {
        // (1 - a) L_I + a s L_HD with the hand values above:
        //   a = 0.5,  s = 1: 0.5 * 0.98083 + 0.5 * 0.69292          = 0.83687
        //   a = 0.75, s = 1: 0.25 * 0.98083 + 0.75 * 0.69292        = 0.76490
        //   a = 0.5,  s = 4: 0.5 * 0.98083 + 0.5 * 4 * 0.69292      = 1.87625
        //   a = 0.75, s = 4: 0.25 * 0.98083 + 0.75 * 4 * 0.69292    = 2.32396
        // (the bug of issue 15: a had no effect, every one of these was L_I + 4 L_HD = 3.75250)
        LossConfig c = LossConfig.of(Objective.HIERARCHICAL_DISTILLATION);
        assertEquals(0.8368734434402455, HneLoss.compute(c, twoLeaves(), LABEL_0).item(), 1e-6);
        assertEquals(0.7648955386545051, HneLoss.compute(c.withAlpha(0.75f), twoLeaves(), LABEL_0).item(), 1e-6);
        LossConfig t2 = c.withSoftScale(SoftScale.T_SQUARED);
        assertEquals(1.8762498942433927, HneLoss.compute(t2, twoLeaves(), LABEL_0).item(), 1e-6);
        assertEquals(2.323960214859226, HneLoss.compute(t2.withAlpha(0.75f), twoLeaves(), LABEL_0).item(), 1e-6);
    }

    @Test
    void standardCoDistillationUsesTheSameWeighting() {
        // (1 - a) L_I + a s L_D: a = 0.25, s = 1: 0.75 * 0.98083 + 0.25 * 1.38606 = 1.08214;
        // a = 0.5, s = 4: 0.5 * 0.98083 + 0.5 * 4 * 1.38606 = 3.26254
        LossConfig c = LossConfig.of(Objective.CO_DISTILLATION);
        assertEquals(0.75 * LI + 0.25 * LD, HneLoss.compute(c.withAlpha(0.25f), twoLeaves(), LABEL_0).item(), 1e-6);
        assertEquals(3.262544255363283, HneLoss.compute(c.withSoftScale(SoftScale.T_SQUARED), twoLeaves(), LABEL_0).item(), 1e-6);
    }

    @Test
    void aCheckpointWithoutTheDefinitionKeepsTheOldLoss() {
        // metadata of a checkpoint written before issue 15: no loss_definition, no soft_scale.
        // It trained L_I + T^2 L_HD whatever its alpha: 0.98083 + 4 * 0.69292 = 3.75250
        LossConfig old = LossConfig.fromMetadata(Objective.HIERARCHICAL_DISTILLATION,
                Map.of("alpha", "0.75", "temperature", "2.0"));
        assertEquals(LossConfig.Definition.SUMMED, old.definition());
        assertEquals(SoftScale.T_SQUARED, old.softScale());
        assertEquals(3.7524997884867854, HneLoss.compute(old, twoLeaves(), LABEL_0).item(), 1e-6);
        // and its co-distillation was already (1 - a) L_I + a T^2 L_D: 0.25 * 0.98083 + 0.75 * 4 * 1.38606 = 4.40340
        LossConfig oldD = LossConfig.fromMetadata(Objective.CO_DISTILLATION, Map.of("alpha", "0.75", "temperature", "2.0"));
        assertEquals(4.403401756539061, HneLoss.compute(oldD, twoLeaves(), LABEL_0).item(), 1e-6);
    }

    @Test
    void theDefinitionRoundTripsThroughMetadata() {
        LossConfig c = LossConfig.of(Objective.HIERARCHICAL_DISTILLATION).withAlpha(0.25f).withTemperature(3f)
                .withSoftScale(SoftScale.T_SQUARED);
        Map<String, String> m = new HashMap<>(c.definitionMetadata());
        m.put("alpha", "0.25");
        m.put("temperature", "3.0");
        assertEquals("hne-loss/2", m.get(LossConfig.DEFINITION_KEY));
        assertEquals("t2", m.get(LossConfig.SOFT_SCALE_KEY));
        assertEquals(c, LossConfig.fromMetadata(Objective.HIERARCHICAL_DISTILLATION, m));
        m.put(LossConfig.DEFINITION_KEY, "hne-loss/9");
        var e = assertThrows(IllegalArgumentException.class,
                () -> LossConfig.fromMetadata(Objective.HIERARCHICAL_DISTILLATION, m));
        assertTrue(e.getMessage().contains("hne-loss/9"), e.getMessage());
    }

    static Stream<Arguments> objectivesAlphasScales() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (Objective o : Objective.values())
            for (float a : new float[] {0.25f, 0.75f})
                for (SoftScale s : SoftScale.values()) b.add(Arguments.of(o, a, s));
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("objectivesAlphasScales")
    void valuesAndGradientsMatchTheReference(Objective objective, float alpha, SoftScale scale) {
        double[][][] z = randomLogits(objective.ordinal() + 1);
        LossConfig config = LossConfig.of(objective).withAlpha(alpha).withSoftScale(scale);
        double s = scale == SoftScale.T_SQUARED ? 4 : 1;
        List<Tensor> logits = tensors(z);
        Tensor loss = HneLoss.compute(config, logits, LABELS);
        double[][] q = teacher(z, 2);
        assertEquals(reference(objective, z, LABELS, q, 2, alpha, s), loss.item(), 1e-5);
        loss.backward();
        double h = 1e-5;
        for (int j = 0; j < LEAVES; j++) {
            float[] g = logits.get(j).grad().toArray();
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < CLASSES; c++) {
                    double keep = z[j][r][c];
                    z[j][r][c] = keep + h;
                    double up = reference(objective, z, LABELS, q, 2, alpha, s);   // q fixed: the teacher is detached
                    z[j][r][c] = keep - h;
                    double down = reference(objective, z, LABELS, q, 2, alpha, s);
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
