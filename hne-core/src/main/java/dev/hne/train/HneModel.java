package dev.hne.train;

import dev.hne.anytime.HneStagedModel;
import dev.hne.anytime.LeafOrder;
import dev.hne.anytime.StagedModel;
import dev.hne.cost.CostModel;
import dev.hne.datasets.DataLoader;
import dev.hne.engine.Memory;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.backend.Backend;
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
        return CostModel.of(tree).anytimeCurve(LeafOrder.NATURAL);
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
    public String memoryPlan(int batch) {
        return tree.trainingMemory(batch).describe();
    }

    @Override
    public Step trainingStep(Tensor x, int[] labels) {
        List<Tensor> logits = tree.forwardAll(x);
        Tensor value = HneLoss.compute(loss, logits, labels);
        return new Step(value, value.item(), ensembleCorrect(logits, labels));
    }

    @Override
    public EvalResult evaluate(DataLoader loader, LeafOrder order) {
        return AnytimeEvaluator.evaluate(tree, staged(order), loader, order.cliName());
    }

    /**
     * Correct predictions of the mean of the leaves' logits on one batch. The leaves are summed on
     * their device (in the same order, so the same floats) and read back once: one host-device round
     * trip per step, not one per leaf.
     */
    private static int ensembleCorrect(List<Tensor> logits, int[] labels) {
        float[] sum;
        if (logits.size() == 1) {
            sum = logits.get(0).toArray();
        } else {
            Backend be = logits.get(0).backend();
            try (var noGrad = Autograd.noGrad(); var scope = Memory.scope()) {   // the scope frees total
                Tensor total = Tensor.zerosLike(logits.get(0));
                for (Tensor z : logits) be.axpy(1f, z.storage(), total.storage());   // 1 * z + total: exactly z + total
                sum = total.toArray();
            }
        }
        return Metrics.correct(sum, labels);
    }
}
