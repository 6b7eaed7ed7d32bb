package dev.hne.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.anytime.LeafOrder;
import dev.hne.datasets.Batch;
import dev.hne.datasets.ByteImageDataset;
import dev.hne.datasets.DataLoader;
import dev.hne.datasets.LoaderOptions;
import dev.hne.datasets.Normalization;
import dev.hne.datasets.SampleShape;
import dev.hne.datasets.transform.Transform;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.train.AnytimeEvaluator;
import dev.hne.train.EvalResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link AnnModel#evaluate} (the {@link AnytimeEvaluator} over the network's exits) against a plain recomputation: every exit's accuracy and mean cross-entropy
 * over a split of 10 images in batches of 4 (so the last batch is short), computed here in double
 * precision from the one-pass {@link AnytimeNetwork#forwardExits} logits. The labels are chosen so
 * that each exit is right on a different set of images, so exits cannot be swapped or merged
 * unnoticed. (Issue 19: the former AnnEvaluator's 12 mutation survivors, per-exit accuracy and loss unchecked.)
 */
class AnnEvaluationTest {

    private static final int SAMPLES = 10, CLASSES = 5;

    @Test
    void everyExitsAccuracyAndLossEqualAPlainRecomputation() {
        AnytimeNetwork net = new AnytimeNetwork(AnytimeNetworkTest.tiny(), 3);
        AnytimeNetworkTest.randomiseStatistics(net, 4);
        Random rng = new Random(5);
        byte[] pixels = new byte[SAMPLES * 3 * 8 * 8];
        rng.nextBytes(pixels);

        // Reference logits per exit, from the images exactly as the loader delivers them.
        List<float[]> exitLogits = referenceLogits(net, dataset(pixels, new byte[SAMPLES]));
        byte[] labels = new byte[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            labels[i] = (byte) argmax(exitLogits.get(i % 3), i);   // image i is right at exit (i mod 3) at least
        }

        net.train(true);
        EvalResult result;
        try (DataLoader loader = loader(dataset(pixels, labels))) {
            result = new AnnModel(net, new ConstantWeights(new double[] {1, 1, 1})).evaluate(loader, LeafOrder.DIVERSE_FIRST);
        }
        assertTrue(net.isTraining(), "the evaluator restores training mode");
        assertEquals(SAMPLES, result.samples());
        assertEquals("exits", result.order(), "exits have one order, whatever leaf order is asked for");

        double[] accuracy = new double[3], loss = new double[3];
        for (int e = 0; e < 3; e++) {
            int right = 0;
            double ce = 0;
            for (int i = 0; i < SAMPLES; i++) {
                if (argmax(exitLogits.get(e), i) == labels[i]) right++;
                ce += crossEntropy(exitLogits.get(e), i, labels[i]);
            }
            accuracy[e] = (double) right / SAMPLES;
            loss[e] = ce / SAMPLES;
            assertEquals(net.cost().cumulative(e + 1).mmacs(), result.mmacs()[e], 1e-12, "MMACs to exit " + (e + 1));
        }
        assertArrayEquals(accuracy, result.accuracy(), 1e-12);
        assertArrayEquals(accuracy, result.perModelAccuracy(), 1e-12, "an exit's own accuracy is its 'member' accuracy");
        assertArrayEquals(loss, result.loss(), 1e-5);
        assertArrayEquals(new double[3], result.logitStd(), 0, "no ensemble, no diversity");
        assertNotEquals(accuracy[0], accuracy[2], "the labels make the exits differ (else the test is weak)");
    }

    private static List<float[]> referenceLogits(AnytimeNetwork net, ByteImageDataset data) {
        List<List<float[]>> perBatch = new ArrayList<>();
        net.eval();
        try (DataLoader loader = loader(data); DataLoader.Epoch epoch = loader.epoch(0); var g = Autograd.noGrad()) {
            for (Batch b : epoch) {
                List<float[]> exits = new ArrayList<>();
                for (Tensor t : net.forwardExits(Tensor.of(b.images(), b.shape()))) exits.add(t.toArray());
                perBatch.add(exits);
            }
        }
        List<float[]> joined = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            float[] all = new float[SAMPLES * CLASSES];
            int at = 0;
            for (List<float[]> exits : perBatch) {
                System.arraycopy(exits.get(e), 0, all, at, exits.get(e).length);
                at += exits.get(e).length;
            }
            assertEquals(all.length, at);
            joined.add(all);
        }
        return joined;
    }

    private static ByteImageDataset dataset(byte[] pixels, byte[] labels) {
        return new ByteImageDataset("random", SampleShape.of(3, 8, 8), pixels, labels,
                List.of("a", "b", "c", "d", "e"), Normalization.IDENTITY_RGB);
    }

    private static DataLoader loader(ByteImageDataset data) {
        return new DataLoader(data, Transform.identity(), LoaderOptions.of(4).withShuffle(false));
    }

    /** First index of the largest logit of row i. */
    private static int argmax(float[] z, int i) {
        int best = 0;
        for (int k = 1; k < CLASSES; k++) {
            if (z[i * CLASSES + k] > z[i * CLASSES + best]) best = k;
        }
        return best;
    }

    /** -log softmax(z_i)[label], in double, with the max subtracted. */
    private static double crossEntropy(float[] z, int i, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < CLASSES; k++) max = Math.max(max, z[i * CLASSES + k]);
        double sum = 0;
        for (int k = 0; k < CLASSES; k++) sum += Math.exp(z[i * CLASSES + k] - max);
        return Math.log(sum) + max - z[i * CLASSES + label];
    }
}
