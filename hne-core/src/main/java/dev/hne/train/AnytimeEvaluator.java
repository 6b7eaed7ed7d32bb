package dev.hne.train;

import dev.hne.anytime.StagedModel;
import dev.hne.anytime.StagedRun;
import dev.hne.datasets.Batch;
import dev.hne.datasets.DataLoader;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.nn.Module;
import dev.hne.loss.Metrics;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores every point of an anytime curve on a whole split, for an HNE (stage n adds the n-th member
 * in the leaf order) and an anytime network (stage e is exit e) alike: per batch it advances one
 * {@link StagedRun} through all stages, so every node runs once per batch (the cost of the full
 * model), and scores the prediction after each stage. Runs in eval mode (batch-norm running
 * statistics) without recording gradients, and restores the module's train/eval mode afterwards.
 *
 * <p>Per stage: the prediction's accuracy and mean cross-entropy; the stage's own output's accuracy,
 * filed under {@link StagedModel#member}; and, for an ensemble ({@link StagedModel#isEnsemble}), the
 * spread of the members' logits so far (paper Fig. 4). A model that is no ensemble has no diversity: 0.
 */
public final class AnytimeEvaluator {

    private AnytimeEvaluator() {}

    /**
     * @param module     the model's parameters and train/eval mode
     * @param model      the same model as stages
     * @param orderLabel what {@link EvalResult#order} records: the leaf order's name, or "exits"
     */
    public static EvalResult evaluate(Module module, StagedModel model, DataLoader loader, String orderLabel) {
        int stages = model.stages();
        long[] correct = new long[stages];
        double[] lossSum = new double[stages];
        double[] stdSum = new double[stages];
        long[] memberCorrect = new long[stages];
        int samples = 0;
        boolean wasTraining = module.isTraining();
        module.eval();
        try (var noGrad = Autograd.noGrad(); DataLoader.Epoch batches = loader.epoch(0)) {
            for (Batch batch : batches) {
                int[] labels = batch.labels();
                try (StagedRun run = model.start(Tensor.of(batch.images(), batch.shape()))) {
                    List<Tensor> members = new ArrayList<>();
                    for (int s = 1; s <= stages; s++) {
                        StagedRun.StageOutput out = run.advance();
                        float[] z = out.prediction().toArray();
                        int k = out.prediction().dim(1);
                        correct[s - 1] += Metrics.correct(z, labels);
                        for (int i = 0; i < labels.length; i++) lossSum[s - 1] += crossEntropy(z, i * k, k, labels[i]);
                        members.add(out.latest());
                        if (model.isEnsemble()) stdSum[s - 1] += Metrics.logitStd(members) * labels.length;
                        memberCorrect[model.member(s)] += Metrics.correct(out.latest().toArray(), labels);
                    }
                }
                samples += labels.length;
            }
        } finally {
            module.train(wasTraining);
        }
        double[] mmacs = new double[stages], accuracy = new double[stages], loss = new double[stages];
        double[] std = new double[stages], perMember = new double[stages];
        for (int j = 0; j < stages; j++) {
            mmacs[j] = model.cumulativeMMacs(j + 1);
            accuracy[j] = (double) correct[j] / samples;
            loss[j] = lossSum[j] / samples;
            std[j] = stdSum[j] / samples;
            perMember[j] = (double) memberCorrect[j] / samples;
        }
        return new EvalResult(samples, orderLabel, mmacs, accuracy, loss, std, perMember);
    }

    /** log-sum-exp(z) - z[label], in double precision. */
    private static double crossEntropy(float[] z, int offset, int k, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) max = Math.max(max, z[offset + c]);
        double sum = 0;
        for (int c = 0; c < k; c++) sum += Math.exp(z[offset + c] - max);
        return max + Math.log(sum) - z[offset + label];
    }
}
