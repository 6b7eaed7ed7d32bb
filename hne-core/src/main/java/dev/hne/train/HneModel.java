package dev.hne.train;

import dev.hne.anytime.HneStagedModel;
import dev.hne.anytime.LeafOrder;
import dev.hne.anytime.StagedModel;
import dev.hne.cost.CostModel;
import dev.hne.datasets.DataLoader;
import dev.hne.engine.Tensor;
import dev.hne.engine.nn.Module;
import dev.hne.loss.HneLoss;
import dev.hne.loss.LossConfig;
import dev.hne.loss.Metrics;
import dev.hne.tree.HneTree;
import dev.hne.tree.TreeSpec;
import java.util.List;

/** An HNE as the trainer sees it: all leaves in one grouped pass, one of the paper's objectives. */
public final class HneModel implements TrainableModel {

    private final HneTree tree;
    private final LossConfig loss;

    public HneModel(HneTree tree, LossConfig loss) {
        this.tree = tree;
        this.loss = loss;
    }

    public HneTree tree() {
        return tree;
    }

    @Override
    public Module module() {
        return tree;
    }

    @Override
    public TreeSpec spec() {
        return tree.spec();
    }

    @Override
    public int outputs() {
        return tree.leaves();
    }

    @Override
    public String outputName() {
        return "models";
    }

    @Override
    public double[] mmacs() {
        CostModel costs = CostModel.of(tree);
        double[] m = new double[outputs()];
        for (int n = 1; n <= m.length; n++) m[n - 1] = costs.forFirst(n, LeafOrder.NATURAL).mmacs();
        return m;
    }

    @Override
    public StagedModel staged(LeafOrder order) {
        return new HneStagedModel(tree, order);
    }

    @Override
    public String objectiveLabel() {
        return loss.objective().shortName();
    }

    @Override
    public Step trainingStep(Tensor x, int[] labels) {
        List<Tensor> logits = tree.forwardAll(x);
        Tensor value = HneLoss.compute(loss, logits, labels);
        return new Step(value, value.item(), ensembleCorrect(logits, labels));
    }

    @Override
    public EvalResult evaluate(DataLoader loader, LeafOrder order) {
        return Evaluator.evaluate(tree, loader, order);
    }

    /** Correct predictions of the mean of the leaves' logits on one batch. */
    private static int ensembleCorrect(List<Tensor> logits, int[] labels) {
        float[] sum = logits.get(0).toArray().clone();
        for (int j = 1; j < logits.size(); j++) {
            float[] z = logits.get(j).toArray();
            for (int i = 0; i < sum.length; i++) sum[i] += z[i];
        }
        int k = sum.length / labels.length, correct = 0;
        for (int i = 0; i < labels.length; i++) if (Metrics.argmax(sum, i * k, k) == labels[i]) correct++;
        return correct;
    }
}
