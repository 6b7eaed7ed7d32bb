package dev.hne.ann;

import dev.hne.anytime.StagedRun;
import dev.hne.datasets.Batch;
import dev.hne.datasets.DataLoader;
import dev.hne.engine.Tensor;
import dev.hne.loss.Metrics;
import dev.hne.train.EvalResult;
import dev.hne.train.Evaluator;

/**
 * Scores every exit of an anytime network on a split, going through the exits in order for each
 * batch (the {@link dev.hne.anytime.StagedModel} view, no row dropped), in eval mode and restoring
 * the mode afterwards. The result uses the HNE's report format with n = exit: MMACs cumulative to
 * that exit, its accuracy and cross-entropy; "logit std" (an ensemble's diversity) is 0, and the
 * "per-model" accuracy of exit e is its own accuracy.
 */
public final class AnnEvaluator {

    private AnnEvaluator() {}

    public static EvalResult evaluate(AnytimeNetwork net, DataLoader loader) {
        int exits = net.exits();
        long[] correct = new long[exits];
        double[] lossSum = new double[exits];
        int samples = 0;
        boolean wasTraining = net.isTraining();
        net.eval();
        try (DataLoader.Epoch batches = loader.epoch(0)) {
            for (Batch batch : batches) {
                int[] labels = batch.labels();
                StagedRun run = net.start(Tensor.of(batch.images(), batch.shape()));
                for (int e = 0; e < exits; e++) {
                    Tensor logits = run.advance().latest();
                    float[] z = logits.toArray();
                    int k = logits.dim(1);
                    for (int i = 0; i < labels.length; i++) {
                        if (Metrics.argmax(z, i * k, k) == labels[i]) correct[e]++;
                        lossSum[e] += Evaluator.crossEntropy(z, i * k, k, labels[i]);
                    }
                }
                samples += labels.length;
            }
        } finally {
            net.train(wasTraining);
        }
        double[] accuracy = new double[exits], loss = new double[exits];
        for (int e = 0; e < exits; e++) {
            accuracy[e] = (double) correct[e] / samples;
            loss[e] = lossSum[e] / samples;
        }
        return new EvalResult(samples, "exits", net.cost().cumulativeMMacs(), accuracy, loss, new double[exits],
                accuracy.clone());
    }
}
