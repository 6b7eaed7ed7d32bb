package dev.hne.train;

import dev.hne.anytime.EnsembleOutput;
import dev.hne.anytime.LeafOrder;
import dev.hne.anytime.ProgressiveEvaluator;
import dev.hne.cost.CostModel;
import dev.hne.datasets.Batch;
import dev.hne.datasets.DataLoader;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.loss.Metrics;
import dev.hne.tree.HneTree;
import java.util.List;

/**
 * Evaluates a tree on a whole split for every n = 1..N at once: per batch, a
 * {@link ProgressiveEvaluator} adds the models one by one in the leaf order, so every node runs
 * once per batch (the cost of the full ensemble), and the ensemble of the first n is scored after
 * each step. Runs in eval mode (batch-norm running statistics) without recording gradients, and
 * restores the tree's train/eval mode afterwards.
 */
public final class Evaluator {

    private Evaluator() {}

    public static EvalResult evaluate(HneTree tree, DataLoader loader, LeafOrder order) {
        int models = tree.leaves();
        int[] leafOrder = order.all(models);
        double[] mmacs = CostModel.of(tree).anytimeCurve(order);
        long[] correct = new long[models];
        double[] lossSum = new double[models];
        double[] stdSum = new double[models];
        long[] modelCorrect = new long[models];
        int samples = 0;
        boolean wasTraining = tree.isTraining();
        tree.eval();
        try (var noGrad = Autograd.noGrad(); DataLoader.Epoch batches = loader.epoch(0)) {
            for (Batch batch : batches) {
                Tensor x = Tensor.of(batch.images(), batch.shape());
                int[] labels = batch.labels();
                ProgressiveEvaluator progressive = new ProgressiveEvaluator(tree, x, order);
                for (int n = 1; n <= models; n++) {
                    EnsembleOutput out = progressive.next();
                    float[] z = out.ensemble().toArray();
                    int k = out.ensemble().dim(1);
                    for (int i = 0; i < labels.length; i++) {
                        if (Metrics.argmax(z, i * k, k) == labels[i]) correct[n - 1]++;
                        lossSum[n - 1] += crossEntropy(z, i * k, k, labels[i]);
                    }
                    List<Tensor> leafLogits = out.leafLogits();
                    stdSum[n - 1] += Metrics.logitStd(leafLogits) * labels.length;
                    float[] own = leafLogits.get(n - 1).toArray();
                    for (int i = 0; i < labels.length; i++) {
                        if (Metrics.argmax(own, i * k, k) == labels[i]) modelCorrect[leafOrder[n - 1]]++;
                    }
                }
                samples += labels.length;
            }
        } finally {
            tree.train(wasTraining);
        }
        double[] accuracy = new double[models], loss = new double[models], std = new double[models];
        double[] perModel = new double[models];
        for (int j = 0; j < models; j++) {
            accuracy[j] = (double) correct[j] / samples;
            loss[j] = lossSum[j] / samples;
            std[j] = stdSum[j] / samples;
            perModel[j] = (double) modelCorrect[j] / samples;
        }
        return new EvalResult(samples, order.cliName(), mmacs, accuracy, loss, std, perModel);
    }

    /** log-sum-exp(z) - z[label], in double precision. */
    public static double crossEntropy(float[] z, int offset, int k, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) max = Math.max(max, z[offset + c]);
        double sum = 0;
        for (int c = 0; c < k; c++) sum += Math.exp(z[offset + c] - max);
        return max + Math.log(sum) - z[offset + label];
    }
}
