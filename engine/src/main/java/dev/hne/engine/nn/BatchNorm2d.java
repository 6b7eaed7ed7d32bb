package dev.hne.engine.nn;

import dev.hne.engine.Tensor;
import dev.hne.engine.dist.Communicator;
import dev.hne.engine.ops.BatchNorm;
import dev.hne.engine.ops.SyncBatchNorm;

/**
 * Batch normalisation with PyTorch's names and defaults: {@code weight} (gamma, init 1),
 * {@code bias} (beta, init 0), buffers {@code running_mean} (0) and {@code running_var} (1),
 * eps 1e-5, momentum 0.1. Batch statistics in training mode, running statistics in eval mode.
 * After {@link #synchronizeStatistics}, training-mode statistics are those of the batch of all ranks
 * ({@link SyncBatchNorm}, {@code --sync-bn}).
 */
public final class BatchNorm2d extends Module {

    private final Parameter weight;
    private final Parameter bias;
    private final float eps;
    private final float momentum;
    private Communicator statisticsGroup;   // null: statistics of this process's batch only

    public BatchNorm2d(int channels) {
        this(channels, 1e-5f, 0.1f);
    }

    public BatchNorm2d(int channels, float eps, float momentum) {
        this.eps = eps;
        this.momentum = momentum;
        weight = register("weight", new Parameter(Tensor.full(1f, channels), Parameter.Kind.NORM));
        bias = register("bias", new Parameter(Tensor.zeros(channels), Parameter.Kind.NORM));
        registerBuffer("running_mean", Tensor.zeros(channels));
        registerBuffer("running_var", Tensor.full(1f, channels));
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public float eps() {
        return eps;
    }

    public float momentum() {
        return momentum;
    }

    /** From now on, training-mode statistics are all-reduced over {@code group}'s ranks (null: local again). */
    public void synchronizeStatistics(Communicator group) {
        this.statisticsGroup = group;
    }

    /** The ranks whose batches share statistics, or null when they are this process's own. */
    public Communicator statisticsGroup() {
        return statisticsGroup;
    }

    public Tensor runningMean() {
        return buffer("running_mean");
    }

    public Tensor runningVar() {
        return buffer("running_var");
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining()) {
            return BatchNorm.eval(x, weight.value(), bias.value(), runningMean(), runningVar(), eps);
        }
        return statisticsGroup == null
                ? BatchNorm.train(x, weight.value(), bias.value(), runningMean(), runningVar(), momentum, eps)
                : SyncBatchNorm.train(x, weight.value(), bias.value(), runningMean(), runningVar(), momentum, eps,
                        statisticsGroup);
    }
}
