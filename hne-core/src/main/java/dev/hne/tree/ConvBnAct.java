package dev.hne.tree;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.ops.ConvBatchNorm;
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
 * convolution on every call (so changed weights or statistics are always used), and the residual
 * add of the enclosing layer can ride along ({@link #forwardInto}).
 *
 * <p>In TRAIN_RECOMPUTE ({@code -Dhne.recompute=true} or {@link HneTree#useRecompute}), training steps of the full tree run each conv + BN (+ ReLU)
 * as one {@link ConvBatchNorm} op, which frees the convolution's output after the forward pass and
 * recomputes it in the backward pass: about half the memory of a training step for one extra
 * convolution forward per layer (the memory mode for large batches).
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
            return fused(x, b, null, act);
        }
        if (recomputes(b, mode) && act != Act.RELU6) {
            return recomputing(x, null, b, act == Act.RELU);
        }
        if (act == Act.RELU) {
            return BranchNorm.applyRelu(bn, conv.forward(x, b, mode), b, null);
        }
        return act.apply(BranchNorm.apply(bn, conv.forward(x, b, mode), b));
    }

    /**
     * {@link ExecutionMode#INFERENCE} only: outAct(this layer's conv + BN + residual), the end of a
     * residual layer as one fused op (exact up to rounding, but it cannot be trained through).
     */
    Tensor forwardInto(Tensor x, Branches b, Tensor residual, Act outAct) {
        if (isTraining() || Autograd.isGradEnabled()) {
            throw new IllegalStateException("forwardInto is the fused inference path: eval mode under no-grad");
        }
        return fused(x, b, residual, outAct);
    }

    private Tensor fused(Tensor x, Branches b, Tensor residual, Act outAct) {
        if (act != Act.NONE && residual != null) {
            throw new IllegalStateException("a residual is added after the batch norm, so the layer it ends "
                    + "must have no activation of its own");
        }
        return ConvBatchNormInfer.apply(x, b.pickRows(conv.weight()), conv.stride, conv.padding,
                b.count() * conv.convGroups, b.pickRows(bn.weight().value()), b.pickRows(bn.bias().value()),
                b.pickRows(bn.runningMean()), b.pickRows(bn.runningVar()), bn.eps(), residual, outAct.unaryOp());
    }

    /** relu(conv + BN + residual) for a layer without its own activation: the end of a ResNet layer. */
    Tensor forwardAddRelu(Tensor x, Tensor residual, Branches b, ExecutionMode mode) {
        if (act != Act.NONE) {
            throw new IllegalStateException("forwardAddRelu needs a layer without its own activation, got " + act);
        }
        if (recomputes(b, mode)) {
            return recomputing(x, residual, b, true);
        }
        return BranchNorm.applyRelu(bn, conv.forward(x, b, mode), b, residual);
    }

    @Override
    public List<ConvGeometry> convolutions(int resolution) {
        return conv.convolutions(resolution);
    }

    /** The recomputing op covers full-width layers with their own batch statistics only. */
    private boolean recomputes(Branches b, ExecutionMode mode) {
        return mode == ExecutionMode.TRAIN_RECOMPUTE && b.isAll() && bn.isTraining() && bn.statisticsGroup() == null;
    }

    private Tensor recomputing(Tensor x, Tensor residual, Branches b, boolean relu) {
        return ConvBatchNorm.train(x, conv.weightFor(b), conv.stride, conv.padding, conv.groupsFor(b),
                bn.weight().value(), bn.bias().value(), bn.runningMean(), bn.runningVar(), bn.momentum(), bn.eps(),
                relu, residual);
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, Branches.all(conv.branches), ExecutionMode.standalone(isTraining()));
    }
}
