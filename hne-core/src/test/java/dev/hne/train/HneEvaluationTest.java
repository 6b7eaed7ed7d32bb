package dev.hne.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.anytime.LeafOrder;
import dev.hne.cost.CostModel;
import dev.hne.datasets.Batch;
import dev.hne.datasets.ByteImageDataset;
import dev.hne.datasets.DataLoader;
import dev.hne.datasets.LoaderOptions;
import dev.hne.datasets.Normalization;
import dev.hne.datasets.SampleShape;
import dev.hne.datasets.transform.Transform;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.loss.LossConfig;
import dev.hne.loss.Objective;
import dev.hne.tree.HneTree;
import dev.hne.tree.TinySpecs;
import dev.hne.tree.TreeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link HneModel#evaluate} (the {@link AnytimeEvaluator} over the tree's members) against a plain
 * recomputation from the one-pass {@link HneTree#forwardAll} logits, in double precision: for every
 * n, the accuracy and cross-entropy of the mean of the first n members' logits in the leaf order,
 * their diversity (std across members, unbiased), and each leaf's own accuracy filed under that leaf
 * (not under its position in the order). 12 images in batches of 5, so the last batch is short; the
 * labels make each leaf right on different images, so leaves cannot be swapped unnoticed.
 */
class HneEvaluationTest {

    private static final int SAMPLES = 12, CLASSES = 5, LEAVES = 8;

    @ParameterizedTest
    @EnumSource(LeafOrder.class)
    void everyNsScoresEqualAPlainRecomputation(LeafOrder order) {
        HneTree tree = TreeBuilder.hne(TinySpecs.resnet4(), 31);
        TinySpecs.randomize(tree, 32);
        byte[] pixels = new byte[SAMPLES * 3 * 8 * 8];
        new Random(33).nextBytes(pixels);

        List<float[]> leafLogits = referenceLogits(tree, dataset(pixels, new byte[SAMPLES]));   // [leaf][image * K + c]
        byte[] bytes = new byte[SAMPLES];
        int[] labels = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            labels[i] = argmax(leafLogits.get(i % LEAVES), i);   // image i is right at leaf (i mod 8) at least
            bytes[i] = (byte) labels[i];
        }

        tree.train(true);
        EvalResult result;
        try (DataLoader loader = loader(dataset(pixels, bytes))) {
            result = new HneModel(tree, LossConfig.of(Objective.INDEPENDENT)).evaluate(loader, order);
        }
        assertTrue(tree.isTraining(), "the evaluator restores training mode");
        assertEquals(SAMPLES, result.samples());
        assertEquals(order.cliName(), result.order());
        assertArrayEquals(CostModel.of(tree).anytimeCurve(order), result.mmacs(), 0);

        int[] leafOrder = order.all(LEAVES);
        double[] accuracy = new double[LEAVES], loss = new double[LEAVES], std = new double[LEAVES];
        double[] own = new double[LEAVES];
        for (int n = 1; n <= LEAVES; n++) {
            int right = 0;
            double ce = 0, spread = 0;
            for (int i = 0; i < SAMPLES; i++) {
                double[] mean = new double[CLASSES];
                for (int c = 0; c < CLASSES; c++) {
                    for (int j = 0; j < n; j++) mean[c] += leafLogits.get(leafOrder[j])[i * CLASSES + c];
                    mean[c] /= n;
                    if (n > 1) {
                        double ss = 0;
                        for (int j = 0; j < n; j++) {
                            double d = leafLogits.get(leafOrder[j])[i * CLASSES + c] - mean[c];
                            ss += d * d;
                        }
                        spread += Math.sqrt(ss / (n - 1)) / CLASSES;
                    }
                }
                if (argmax(mean) == labels[i]) right++;
                ce += crossEntropy(mean, labels[i]);
            }
            accuracy[n - 1] = (double) right / SAMPLES;
            loss[n - 1] = ce / SAMPLES;
            std[n - 1] = spread / SAMPLES;
        }
        for (int leaf = 0; leaf < LEAVES; leaf++) {
            int right = 0;
            for (int i = 0; i < SAMPLES; i++) if (argmax(leafLogits.get(leaf), i) == labels[i]) right++;
            own[leaf] = (double) right / SAMPLES;
        }
        assertArrayEquals(accuracy, result.accuracy(), 1e-12);
        assertArrayEquals(loss, result.loss(), 1e-5);
        assertArrayEquals(std, result.logitStd(), 1e-5);
        assertArrayEquals(own, result.perModelAccuracy(), 1e-12, "each leaf's own accuracy, leaf 0 first");
        assertNotEquals(own[0], own[1], "the labels make the leaves differ (else the test is weak)");
    }

    /** Each leaf's logits for the whole split, from one grouped pass per batch in eval mode. */
    private static List<float[]> referenceLogits(HneTree tree, ByteImageDataset data) {
        List<float[]> all = new ArrayList<>();
        for (int leaf = 0; leaf < LEAVES; leaf++) all.add(new float[SAMPLES * CLASSES]);
        tree.eval();
        int at = 0;
        try (DataLoader loader = loader(data); DataLoader.Epoch epoch = loader.epoch(0); var g = Autograd.noGrad()) {
            for (Batch b : epoch) {
                List<Tensor> leaves = tree.forwardAll(Tensor.of(b.images(), b.shape()));
                int size = 0;
                for (int leaf = 0; leaf < LEAVES; leaf++) {
                    float[] z = leaves.get(leaf).toArray();
                    System.arraycopy(z, 0, all.get(leaf), at, z.length);
                    size = z.length;
                }
                at += size;
            }
        }
        assertEquals(SAMPLES * CLASSES, at);
        return all;
    }

    private static ByteImageDataset dataset(byte[] pixels, byte[] labels) {
        return new ByteImageDataset("random", SampleShape.of(3, 8, 8), pixels, labels,
                List.of("a", "b", "c", "d", "e"), Normalization.IDENTITY_RGB);
    }

    private static DataLoader loader(ByteImageDataset data) {
        return new DataLoader(data, Transform.identity(), LoaderOptions.of(5).withShuffle(false));
    }

    /** First index of the largest logit of row i. */
    private static int argmax(float[] z, int i) {
        int best = 0;
        for (int k = 1; k < CLASSES; k++) if (z[i * CLASSES + k] > z[i * CLASSES + best]) best = k;
        return best;
    }

    private static int argmax(double[] z) {
        int best = 0;
        for (int k = 1; k < z.length; k++) if (z[k] > z[best]) best = k;
        return best;
    }

    /** -log softmax(z)[label], with the max subtracted. */
    private static double crossEntropy(double[] z, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, v);
        double sum = 0;
        for (double v : z) sum += Math.exp(v - max);
        return Math.log(sum) + max - z[label];
    }
}
