package dev.hne.tree;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.nn.BatchNorm2d;
import dev.hne.engine.nn.Module;
import dev.hne.engine.ops.ConvBatchNormInfer;
import java.util.List;
import java.util.Random;

/**
 * Conv (grouped over branches) + BN + activation: the building brick of every conv layer.
 *
 * <p>The path is the {@link ExecutionMode} the tree passes down. TRAIN (or anything that records
 * gradients) runs conv2d, then batch norm fused with its ReLU (and residual) when it has one.
 * INFERENCE, in eval mode under {@code Autograd.noGrad()}, runs ONE
 * fused op ({@link ConvBatchNormInfer}): the batch norm's running statistics are folded into the
 * convolution on every call (so changed weights or statistics are always used), the active branches'
 * parameters are read where the layer stores them ({@link Branches#storedGroups}), and the residual
 * add of the enclosing layer can ride along ({@link #forwardInto}).
 *
 * <p>REPLAY (a checkpointed layer run again in backward, {@link Level}) runs the TRAIN ops, with the
 * batch norm leaving its running statistics alone.
 */
final class ConvBnAct extends Module implements BranchLayer {

    final BranchConv conv;
    private final BatchNorm2d bn;
    private final Act act;

    ConvBnAct(Random rng, int branches, int in, int out, int kernel, int stride, int convGroups, Act act) {
        this.conv = register("conv", new BranchConv(rng, branches, in, out, kernel, stride, convGroups));
        this.bn = register("bn", new BatchNorm2d(branches * out));
        this.act = act;
    }

    @Override
    public Tensor forward(Tensor x, Branches b, ExecutionMode mode) {
        if (mode == ExecutionMode.INFERENCE) {
            return fused(x, b, null, act, false);
        }
        if (act == Act.RELU) {
            return BranchNorm.applyRelu(bn, conv.forward(x, b, mode), b, null, mode);
        }
        return act.apply(BranchNorm.apply(bn, conv.forward(x, b, mode), b, mode));
    }

    /**
     * {@link ExecutionMode#INFERENCE} only: outAct(this layer's conv + BN + residual), the end of a
     * residual layer as one fused op (exact up to rounding, but it cannot be trained through). When
     * {@code residualIsDead} (the caller reads it no more), the output may be written over the
     * residual's memory ({@link ConvBatchNormInfer#applyOverResidual}).
     */
    Tensor forwardInto(Tensor x, Branches b, Tensor residual, boolean residualIsDead, Act outAct) {
        if (isTraining() || Autograd.isGradEnabled()) {
            throw new IllegalStateException("forwardInto is the fused inference path: eval mode under no-grad");
        }
        return fused(x, b, residual, outAct, residualIsDead);
    }

    private Tensor fused(Tensor x, Branches b, Tensor residual, Act outAct, boolean overResidual) {
        if (act != Act.NONE && residual != null) {
            throw new IllegalStateException("a residual is added after the batch norm, so the layer it ends "
                    + "must have no activation of its own");
        }
        // the active branches' filters and statistics are read where they are stored, not cut out per call
        int groups = conv.branches * conv.convGroups;
        int[] stored = b.storedGroups(conv.convGroups);
        Tensor gamma = bn.weight().value(), beta = bn.bias().value();
        return overResidual
                ? ConvBatchNormInfer.applyOverResidual(x, conv.weight(), conv.stride, conv.padding, groups, stored,
                        gamma, beta, bn.runningMean(), bn.runningVar(), bn.eps(), residual, outAct.unaryOp())
                : ConvBatchNormInfer.apply(x, conv.weight(), conv.stride, conv.padding, groups, stored, gamma, beta,
                        bn.runningMean(), bn.runningVar(), bn.eps(), residual, outAct.unaryOp());
    }

    /** relu(conv + BN + residual) for a layer without its own activation: the end of a ResNet layer. */
    Tensor forwardAddRelu(Tensor x, Tensor residual, Branches b, ExecutionMode mode) {
        if (act != Act.NONE) {
            throw new IllegalStateException("forwardAddRelu needs a layer without its own activation, got " + act);
        }
        return BranchNorm.applyRelu(bn, conv.forward(x, b, mode), b, residual, mode);
    }

    @Override
    public List<ConvGeometry> convolutions(int resolution) {
        return conv.convolutions(resolution);
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, Branches.all(conv.branches), ExecutionMode.standalone(isTraining()));
    }
}
