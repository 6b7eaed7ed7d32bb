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
 * with the statistics of every rank's batch ({@link SyncBatchNorm}).
 */
final class BranchNorm {

    private BranchNorm() {}

    static Tensor apply(BatchNorm2d bn, Tensor x, Branches b) {
        if (b.isAll()) {
            return bn.forward(x);
        }
        Tensor gamma = b.pickRows(bn.weight().value()), beta = b.pickRows(bn.bias().value());
        Tensor mean = b.pickRows(bn.runningMean()), var = b.pickRows(bn.runningVar());
        if (!bn.isTraining()) {
            return BatchNorm.eval(x, gamma, beta, mean, var, bn.eps());
        }
        Tensor y = bn.statisticsGroup() == null ? BatchNorm.train(x, gamma, beta, mean, var, bn.momentum(), bn.eps())
                : SyncBatchNorm.train(x, gamma, beta, mean, var, bn.momentum(), bn.eps(), bn.statisticsGroup());
        b.putRows(mean, bn.runningMean());
        b.putRows(var, bn.runningVar());
        return y;
    }

    /**
     * relu(apply(bn, x, b) + residual), residual may be null. In training mode one fused op
     * ({@link BatchNorm#trainRelu}: no intermediate tensors to allocate and free); in eval mode the
     * plain ops, as before.
     */
    static Tensor applyRelu(BatchNorm2d bn, Tensor x, Branches b, Tensor residual) {
        if (!bn.isTraining() || bn.statisticsGroup() != null) {   // synchronised statistics: no fused op
            Tensor y = apply(bn, x, b);
            return (residual == null ? y : y.add(residual)).relu();
        }
        if (b.isAll()) {
            return BatchNorm.trainRelu(x, bn.weight().value(), bn.bias().value(), bn.runningMean(), bn.runningVar(),
                    bn.momentum(), bn.eps(), residual);
        }
        Tensor gamma = b.pickRows(bn.weight().value()), beta = b.pickRows(bn.bias().value());
        Tensor mean = b.pickRows(bn.runningMean()), var = b.pickRows(bn.runningVar());
        Tensor y = BatchNorm.trainRelu(x, gamma, beta, mean, var, bn.momentum(), bn.eps(), residual);
        b.putRows(mean, bn.runningMean());
        b.putRows(var, bn.runningVar());
        return y;
    }
}
