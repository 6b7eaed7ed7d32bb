package dev.hne.ann;

import dev.hne.anytime.LeafOrder;
import dev.hne.anytime.StagedModel;
import dev.hne.datasets.DataLoader;
import dev.hne.engine.dist.Communicator;
import dev.hne.engine.Tensor;
import dev.hne.engine.nn.Module;
import dev.hne.loss.Metrics;
import dev.hne.train.AnytimeEvaluator;
import dev.hne.train.EvalResult;
import dev.hne.train.TrainableModel;
import dev.hne.tree.TreeSpec;
import java.util.List;
import java.util.Map;

/**
 * An anytime network as the trainer sees it: every exit in one forward pass, the objective
 * sum_i B_i l_i with the run's {@link ExitWeighting}, whose state (AdaLoss averages) travels in the
 * checkpoint. The training log's loss is the unweighted sum of the exit losses, so constant and
 * AdaLoss runs can be compared; train accuracy is the last exit's.
 */
public final class AnnModel implements TrainableModel {

    private final AnytimeNetwork net;
    private final ExitWeighting weighting;

    public AnnModel(AnytimeNetwork net, ExitWeighting weighting) {
        this.net = net;
        this.weighting = weighting;
    }

    public AnytimeNetwork network() {
        return net;
    }

    public ExitWeighting weighting() {
        return weighting;
    }

    @Override
    public Module module() {
        return net;
    }

    @Override
    public TreeSpec spec() {
        return net.spec();
    }

    @Override
    public int outputs() {
        return net.exits();
    }

    @Override
    public String outputName() {
        return "exits";
    }

    @Override
    public double[] mmacs() {
        return net.cost().cumulativeMMacs();
    }

    @Override
    public String objectiveLabel() {
        return weighting.label();
    }

    @Override
    public Step trainingStep(Tensor x, int[] labels) {
        List<Tensor> exits = net.forwardExits(x);
        AnnLoss.Weighted w = AnnLoss.compute(exits, labels, weighting);
        int correct = Metrics.correct(exits.get(exits.size() - 1).toArray(), labels);
        return new Step(w.objective(), w.lossSum(), correct);
    }

    /** In a job of several ranks the weighting sees the global batch's exit losses ({@link RankAveragedLosses}). */
    @Override
    public TrainableModel onRanksOf(Communicator comm) {
        return comm.size() == 1 ? this : new AnnModel(net, new RankAveragedLosses(weighting, comm));
    }

    @Override
    public EvalResult evaluate(DataLoader loader, LeafOrder order) {
        return AnytimeEvaluator.evaluate(net, net, loader, "exits");
    }

    @Override
    public StagedModel staged(LeafOrder order) {
        return net;   // exits have one order
    }

    @Override
    public Map<String, String> trainingState() {
        return weighting.state();
    }

    @Override
    public void loadTrainingState(Map<String, String> metadata) {
        weighting.loadState(metadata);
    }
}
