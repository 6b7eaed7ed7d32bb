package dev.hne.train;

import dev.hne.anytime.LeafOrder;
import dev.hne.anytime.StagedModel;
import dev.hne.datasets.DataLoader;
import dev.hne.engine.dist.Communicator;
import dev.hne.engine.Tensor;
import dev.hne.engine.nn.Module;
import dev.hne.tree.TreeSpec;
import java.util.Map;

/**
 * What the {@link Trainer}, the checkpoints and {@code ./hne eval} need of a model, so the same loop
 * trains an HNE ({@link HneModel}: N members, one of the paper's objectives) and an anytime network
 * ({@code dev.hne.ann.AnnModel}: S exits, constant or AdaLoss weights). Its "outputs" are the
 * points of the anytime curve: n = 1..N members, or exits 1..S.
 */
public interface TrainableModel {

    /** Parameters, buffers, train/eval mode, state dict. */
    Module module();

    /** The spec it was built from (input shape, classes, name with cut and narrowing). */
    TreeSpec spec();

    /** Points of the anytime curve: N (HNE) or the number of exits (ANN). */
    int outputs();

    /** What the outputs are called in tables: "models" or "exits". */
    String outputName();

    /** Millions of MACs per image for outputs 1..outputs() (cumulative, in evaluation order). */
    double[] mmacs();

    /** For logs and plots: "L_I+L_HD", "AdaLoss", ... */
    String objectiveLabel();

    /**
     * Forward and objective of one training batch, recording the graph (train mode is the caller's).
     *
     * @param x (N, C, H, W) images
     */
    Step trainingStep(Tensor x, int[] labels);

    /**
     * @param objective    the scalar to call backward() on
     * @param reportedLoss what the logs show as the training loss of this batch
     * @param correct      correct predictions of the model's final answer (HNE: full ensemble; ANN: last exit)
     */
    record Step(Tensor objective, double reportedLoss, int correct) {}

    /**
     * This model as one rank of the data-parallel job {@code comm}: whatever its objective derives
     * from a batch besides the gradients (AdaLoss's running losses) must come from the global batch,
     * or the ranks' updates differ. An HNE derives nothing (batch norm is {@code --sync-bn}'s matter).
     */
    default TrainableModel onRanksOf(Communicator comm) {
        return this;
    }

    /** Every output on a split, in eval mode without gradients (the order matters for HNEs only). */
    EvalResult evaluate(DataLoader loader, LeafOrder order);

    /**
     * The model as stages for adaptive (per-example early-exit) evaluation: HNE members in
     * {@code order}, or ANN exits (which have one order). Put the module in eval mode first.
     */
    StagedModel staged(LeafOrder order);

    /**
     * How a training step of {@code batch} images keeps what its backward reads, in words for the
     * training log (HNE: every activation, or checkpointed layers; {@code dev.hne.tree.TrainingMemory}),
     * or null where the model has one way only.
     */
    default String memoryPlan(int batch) {
        return null;
    }

    /** Training state beyond weights and velocities (AdaLoss averages), as checkpoint metadata. */
    default Map<String, String> trainingState() {
        return Map.of();
    }

    /** Restores {@link #trainingState} from checkpoint metadata; IllegalArgumentException if it is broken. */
    default void loadTrainingState(Map<String, String> metadata) {}
}
