package dev.hne.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.hne.anytime.LeafOrder;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.train.TrainableModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link AnnModel} and {@link AnnLoss} as the trainer sees them, against a recomputation from the
 * exits' logits: the objective is sum_i B_i l_i with the weighting's B (here unequal, so a dropped or
 * swapped weight shows), the logged loss is the UNweighted sum, and train accuracy is the last
 * exit's. (Issue 19: AnnLoss and AnnModel survivors.)
 */
class AnnModelTest {

    @Test
    void trainingStepWeighsEachExitLossAndReportsTheLastExitsAccuracy() {
        AnytimeNetwork net = new AnytimeNetwork(AnytimeNetworkTest.tiny(), 11);
        double[] b = {0.25, 2.0, 3.0};
        AnnModel model = new AnnModel(net, new ConstantWeights(b));
        Tensor x = AnytimeNetworkTest.images(6, 12);
        net.train(true);

        List<Tensor> exits;
        try (var g = Autograd.noGrad()) {
            exits = net.forwardExits(x);   // training-mode batch statistics, as in the step below
        }
        int[] labels = new int[6];
        float[] last = exits.get(2).toArray();
        for (int i = 0; i < 6; i++) labels[i] = i % 2 == 0 ? argmax(last, i) : (argmax(last, i) + 1) % 5;
        double[] l = new double[3];
        for (int e = 0; e < 3; e++) {
            float[] z = exits.get(e).toArray();
            for (int i = 0; i < 6; i++) l[e] += crossEntropy(z, i, labels[i]) / 6;
        }

        TrainableModel.Step step = model.trainingStep(x, labels);
        assertEquals(b[0] * l[0] + b[1] * l[1] + b[2] * l[2], step.objective().item(), 1e-4, "sum_i B_i l_i");
        assertEquals(l[0] + l[1] + l[2], step.reportedLoss(), 1e-4, "the log's loss is unweighted");
        assertEquals(3, step.correct(), "rows 0, 2, 4 carry the last exit's argmax as label, rows 1, 3, 5 do not");

        AnnLoss.Weighted w = AnnLoss.compute(exits, labels, new ConstantWeights(b));
        assertArrayEquals(l, w.exitLosses(), 1e-5);
        assertArrayEquals(b, w.weights(), 0);
        assertEquals(l[0] + l[1] + l[2], w.lossSum(), 1e-5);
    }

    @Test
    void reportsItsExitsAndCarriesTheWeightingStateThroughACheckpoint() {
        AnytimeNetwork net = new AnytimeNetwork(AnytimeNetworkTest.tiny(), 1);
        AdaLoss ada = AdaLoss.paperDefaults(3);
        ada.next(new double[] {2.0, 1.0, 0.5});
        AnnModel model = new AnnModel(net, ada);
        assertEquals(3, model.outputs());
        assertEquals("exits", model.outputName());
        assertArrayEquals(net.cost().cumulativeMMacs(), model.mmacs(), 0);
        assertEquals("AdaLoss", model.objectiveLabel());
        assertSame(net, model.module());
        assertSame(net, model.staged(LeafOrder.DIVERSE_FIRST), "an ANN's exits have one order");

        Map<String, String> state = model.trainingState();
        AdaLoss fresh = AdaLoss.paperDefaults(3);
        new AnnModel(net, fresh).loadTrainingState(state);
        double[] next = {1.5, 1.2, 0.7};
        assertArrayEquals(ada.next(next), fresh.next(next), 0, "the restored averages give the same next weights");
    }

    private static int argmax(float[] z, int i) {
        int best = 0;
        for (int k = 1; k < 5; k++) if (z[i * 5 + k] > z[i * 5 + best]) best = k;
        return best;
    }

    private static double crossEntropy(float[] z, int i, int label) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int k = 0; k < 5; k++) max = Math.max(max, z[i * 5 + k]);
        for (int k = 0; k < 5; k++) sum += Math.exp(z[i * 5 + k] - max);
        return Math.log(sum) + max - z[i * 5 + label];
    }
}
