package dev.hne.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.hne.engine.GradCheck;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.reference.ReferenceOps;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every differentiable op except convolution (see ConvOpTest): forward against ReferenceOps, backward
 * against central finite differences of ReferenceOps. Shapes are odd on purpose, and some are large
 * enough (> 32k elements) to take the multi-threaded paths of the CPU backend.
 */
class OpsGradientTest {

    private static float[] gaussian(Random rng, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (rng.nextGaussian() * std);
        return v;
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 36_001})
    void relu(int size) {
        new GradCheck("relu", 1).input(size).check(in -> in.get(0).relu(), x -> ReferenceOps.relu(x.get(0)));
    }

    @Test
    void relu6SaturatesAboveSix() {
        float[] x = gaussian(new Random(2), 301, 5);   // many values beyond 6
        new GradCheck("relu6", 2).input(x, true, 7, 43)
                .check(in -> in.get(0).relu6(), v -> ReferenceOps.relu6(v.get(0)));
    }

    @Test
    void addMultiplyScale() {
        new GradCheck("add", 3).input(3, 5, 7).input(3, 5, 7)
                .check(in -> in.get(0).add(in.get(1)), x -> ReferenceOps.add(x.get(0), x.get(1)));
        new GradCheck("multiply", 4).input(33_000).input(33_000)
                .check(in -> in.get(0).mul(in.get(1)), x -> ReferenceOps.mul(x.get(0), x.get(1)));
        new GradCheck("scale", 5).input(2, 9)
                .check(in -> in.get(0).scale(-0.37f), x -> ReferenceOps.scale(x.get(0), -0.37f));
    }

    @Test
    void sumAndMean() {
        new GradCheck("sum", 6).input(4, 3, 5)
                .check(in -> in.get(0).sum(), x -> new double[] {ReferenceOps.sum(x.get(0))});
        new GradCheck("mean", 7).input(11, 13)
                .check(in -> in.get(0).mean(), x -> new double[] {ReferenceOps.sum(x.get(0)) / (11 * 13)});
    }

    @Test
    void reshapeAndFlatten() {
        new GradCheck("flatten", 8).input(3, 4, 2, 5)
                .check(in -> in.get(0).flatten().scale(2f), x -> ReferenceOps.scale(x.get(0), 2));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void softmax(boolean log) {
        float[] x = gaussian(new Random(9), 5 * 11, 3);
        new GradCheck(log ? "log_softmax" : "softmax", 9).input(x, true, 5, 11)
                .check(in -> log ? in.get(0).logSoftmax() : in.get(0).softmax(),
                        v -> ReferenceOps.softmax(v.get(0), 5, 11, log));
    }

    @Test
    void softmaxIsStableForHugeLogits() {
        Tensor y = Tensor.of(new float[] {1000f, 1000f, -1000f}, 1, 3).softmax();
        assertArrayEquals(new float[] {0.5f, 0.5f, 0f}, y.toArray(), 1e-6f);
    }

    @Test
    void batchNormTrainingImage() {
        int n = 3, c = 5, h = 4, w = 3;
        new GradCheck("batch_norm (N,C,H,W)", 10).input(n, c, h, w).input(c).input(c).check(
                in -> BatchNorm.train(in.get(0), in.get(1), in.get(2), Tensor.zeros(c), Tensor.full(1f, c), 0.1f, 1e-5f),
                x -> ReferenceOps.batchNormTrain(x.get(0), x.get(1), x.get(2), n, c, h * w, 1e-5));
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 41})
    void batchNormReluFused(int h) {
        // relu(batch_norm(x)) as one op; h = 41 gives 3*7*41*43 = 37k elements (both threads, odd rows)
        int n = 3, c = 7, w = 43;
        new GradCheck("batch_norm_relu", 12).input(n, c, h, w).input(c).input(c).check(
                in -> BatchNorm.trainRelu(in.get(0), in.get(1), in.get(2), Tensor.zeros(c), Tensor.full(1f, c),
                        0.1f, 1e-5f, null),
                x -> ReferenceOps.relu(ReferenceOps.batchNormTrain(x.get(0), x.get(1), x.get(2), n, c, h * w, 1e-5)));
    }

    @Test
    void batchNormAddReluFused() {
        // relu(batch_norm(x) + r): the end of a ResNet layer; r takes the masked gradient
        int n = 2, c = 5, h = 3, w = 7;
        new GradCheck("batch_norm_add_relu", 13).input(n, c, h, w).input(c).input(c).input(n, c, h, w).check(
                in -> BatchNorm.trainRelu(in.get(0), in.get(1), in.get(2), Tensor.zeros(c), Tensor.full(1f, c),
                        0.1f, 1e-5f, in.get(3)),
                x -> ReferenceOps.relu(ReferenceOps.add(
                        ReferenceOps.batchNormTrain(x.get(0), x.get(1), x.get(2), n, c, h * w, 1e-5), x.get(3))));
    }

    @Test
    void batchNormTrainingFeatures() {
        int n = 6, c = 7;
        new GradCheck("batch_norm (N,C)", 11).input(n, c).input(c).input(c).check(
                in -> BatchNorm.train(in.get(0), in.get(1), in.get(2), Tensor.zeros(c), Tensor.full(1f, c), 0.1f, 1e-5f),
                x -> ReferenceOps.batchNormTrain(x.get(0), x.get(1), x.get(2), n, c, 1, 1e-5));
    }

    @Test
    void batchNormEvalUsesRunningStatistics() {
        Random rng = new Random(12);
        int n = 2, c = 3, hw = 5;
        float[] x = gaussian(rng, n * c * hw, 1), g = gaussian(rng, c, 1), b = gaussian(rng, c, 1);
        float[] mean = gaussian(rng, c, 1), var = {0.5f, 2f, 1.3f};
        Tensor y;
        try (var scope = Autograd.noGrad()) {
            y = BatchNorm.eval(Tensor.of(x, n, c, 1, hw), Tensor.of(g, c), Tensor.of(b, c), Tensor.of(mean, c),
                    Tensor.of(var, c), 1e-5f);
        }
        double[] expected = ReferenceOps.batchNormEval(d(x), d(g), d(b), d(mean), d(var), n, c, hw, 1e-5);
        assertArrayEquals(f(expected), y.toArray(), 1e-5f);
    }

    @Test
    void globalAvgPool() {
        new GradCheck("global_avg_pool", 13).input(3, 4, 5, 7)
                .check(in -> GlobalAvgPool.apply(in.get(0)), x -> ReferenceOps.globalAvgPool(x.get(0), 12, 35));
    }

    @Test
    void linearWithAndWithoutBias() {
        new GradCheck("linear", 14).input(5, 17).input(3, 17).input(3).check(
                in -> Linear.apply(in.get(0), in.get(1), in.get(2)),
                x -> ReferenceOps.linear(x.get(0), x.get(1), x.get(2), 5, 17, 3));
        new GradCheck("linear (no bias)", 15).input(4, 9).input(6, 9).check(
                in -> Linear.apply(in.get(0), in.get(1), null),
                x -> ReferenceOps.linear(x.get(0), x.get(1), null, 4, 9, 6));
    }

    @Test
    void concatAndSliceChannels() {
        new GradCheck("concat_channels", 16).input(2, 3, 4, 5).input(2, 6, 4, 5).check(
                in -> Channels.concat(List.of(in.get(0), in.get(1))),
                x -> ReferenceOps.concatChannels(x.get(0), 3, x.get(1), 6, 2, 20));
        new GradCheck("slice_channels", 17).input(3, 9, 2, 3).check(
                in -> Channels.slice(in.get(0), 2, 5),
                x -> ReferenceOps.sliceChannels(x.get(0), 3, 9, 6, 2, 5));
    }

    @Test
    void gatherGroupsImageAndFeatures() {
        int[] split = {0, 0, 1, 1, 2, 2, 3, 3};   // the whole split of 4 branches
        new GradCheck("gather_groups split (N,C,H,W)", 18).input(2, 12, 3, 3).check(
                in -> GatherGroups.apply(in.get(0), 4, split),
                x -> ReferenceOps.gatherGroups(x.get(0), 2, 4, 3, 9, split));
        int[] someNodes = {3, 1, 1, 3, 3};   // repeats, any order, groups 0 and 2 left out
        new GradCheck("gather_groups some nodes (N,C)", 19).input(3, 8).check(
                in -> GatherGroups.apply(in.get(0), 4, someNodes),
                x -> ReferenceOps.gatherGroups(x.get(0), 3, 4, 2, 1, someNodes));
    }

    @Test
    void crossEntropyWithHardLabels() {
        int[] labels = {3, 0, 6, 6, 1};
        new GradCheck("cross_entropy (hard)", 20).input(5, 7).check(
                in -> CrossEntropy.hard(in.get(0), labels),
                x -> new double[] {ReferenceOps.crossEntropy(x.get(0), oneHot(labels, 7), 5, 7, 1)});
    }

    @Test
    void crossEntropyWithSoftTargetsAndTemperatureDifferentiatesBoth() {
        Random rng = new Random(21);
        float[] target = f(ReferenceOps.softmax(d(gaussian(rng, 4 * 6, 1)), 4, 6, false));
        new GradCheck("cross_entropy (soft, T=2)", 21).input(4, 6).input(target, true, 4, 6).check(
                in -> CrossEntropy.soft(in.get(0), in.get(1), 2f),
                x -> new double[] {ReferenceOps.crossEntropy(x.get(0), x.get(1), 4, 6, 2)});
    }

    static double[] oneHot(int[] labels, int k) {
        double[] t = new double[labels.length * k];
        for (int i = 0; i < labels.length; i++) t[i * k + labels[i]] = 1;
        return t;
    }

    static double[] d(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }

    static float[] f(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) v[i];
        return out;
    }
}
