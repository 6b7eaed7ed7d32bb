package dev.hne.tree;

import dev.hne.engine.Tensor;
import dev.hne.engine.nn.BatchNorm2d;
import dev.hne.engine.ops.BatchNorm;
import dev.hne.engine.ops.SyncBatchNorm;

/**
 * Batch norm of any subset of a level's branches. Statistics are per channel, so each branch's
 * channels are normalised with that branch's statistics only: the grouped layout needs nothing
 * special. When only some branches run in training mode, their running statistics are updated on
 * picked copies and written back. A batch norm with a statistics group ({@code --sync-bn}) normalises
 * with the statistics of every rank's batch ({@link SyncBatchNorm}). In a checkpoint's replay
 * ({@link ExecutionMode#REPLAY}) the running statistics stay as the first pass left them.
 */
final class BranchNorm {

    private BranchNorm() {}

    static Tensor apply(BatchNorm2d bn, Tensor x, Branches b, ExecutionMode mode) {
        Tensor gamma = b.pickRows(bn.weight().value()), beta = b.pickRows(bn.bias().value());
        if (!bn.isTraining()) {
            return BatchNorm.eval(x, gamma, beta, b.pickRows(bn.runningMean()), b.pickRows(bn.runningVar()), bn.eps());
        }
        RunningStatistics running = RunningStatistics.of(bn, b, mode, x);
        Tensor y = bn.statisticsGroup() == null
                ? BatchNorm.train(x, gamma, beta, running.mean, running.var, bn.momentum(), bn.eps())
                : SyncBatchNorm.train(x, gamma, beta, running.mean, running.var, bn.momentum(), bn.eps(),
                        bn.statisticsGroup());
        running.writeBack(bn, b);
        return y;
    }

    /**
     * relu(apply(bn, x, b) + residual), residual may be null. In training mode one fused op
     * ({@link BatchNorm#trainRelu}: no intermediate tensors to allocate and free); in eval mode the
     * plain ops, as before.
     */
    static Tensor applyRelu(BatchNorm2d bn, Tensor x, Branches b, Tensor residual, ExecutionMode mode) {
        if (!bn.isTraining() || bn.statisticsGroup() != null) {   // synchronised statistics: no fused op
            Tensor y = apply(bn, x, b, mode);
            return (residual == null ? y : y.add(residual)).relu();
        }
        Tensor gamma = b.pickRows(bn.weight().value()), beta = b.pickRows(bn.bias().value());
        RunningStatistics running = RunningStatistics.of(bn, b, mode, x);
        Tensor y = BatchNorm.trainRelu(x, gamma, beta, running.mean, running.var, bn.momentum(), bn.eps(), residual);
        running.writeBack(bn, b);
        return y;
    }

    /**
     * The running statistics a training-mode batch norm of these branches moves: the buffers
     * themselves for all branches, picked copies written back for some, and throwaway zeros in a
     * checkpoint's REPLAY, whose first pass moved them already (the batch statistics, which is what
     * the replay needs, do not depend on them).
     */
    private record RunningStatistics(Tensor mean, Tensor var, boolean keep) {

        static RunningStatistics of(BatchNorm2d bn, Branches b, ExecutionMode mode, Tensor x) {
            if (mode == ExecutionMode.REPLAY) {
                int channels = x.dim(1);
                return new RunningStatistics(Tensor.zeros(x.backend(), channels), Tensor.zeros(x.backend(), channels),
                        false);
            }
            return new RunningStatistics(b.pickRows(bn.runningMean()), b.pickRows(bn.runningVar()), true);
        }

        void writeBack(BatchNorm2d bn, Branches b) {
            if (keep) {
                b.putRows(mean, bn.runningMean());   // nothing to do when they are the buffers themselves
                b.putRows(var, bn.runningVar());
            }
        }
    }
}
