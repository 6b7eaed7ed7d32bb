package dev.hne.tree;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.ops.ConvBatchNorm;
import dev.hne.engine.nn.BatchNorm2d;
import dev.hne.engine.nn.Module;
import java.util.Random;

/**
 * Conv (grouped over branches) + BN + activation: the building brick of every conv layer.
 *
 * <p>With {@code -Dhne.recompute=true}, training steps of the full tree run each conv + BN (+ ReLU)
 * as one {@link ConvBatchNorm} op, which frees the convolution's output after the forward pass and
 * recomputes it in the backward pass: about half the memory of a training step for one extra
 * convolution forward per layer (the memory mode for large batches).
 */
final class ConvBnAct extends Module implements BranchLayer {

    private static volatile boolean recompute = Boolean.getBoolean("hne.recompute");

    /** Switches the recomputing memory mode on or off (tests compare the two). */
    static void setRecompute(boolean on) {
        recompute = on;
    }

    final BranchConv conv;
    private final BatchNorm2d bn;
    private final Act act;

    ConvBnAct(Random rng, int branches, int in, int out, int kernel, int stride, int convGroups, Act act) {
        this.conv = register("conv", new BranchConv(rng, branches, in, out, kernel, stride, convGroups));
        this.bn = register("bn", new BatchNorm2d(branches * out));
        this.act = act;
    }

    @Override
    public Tensor forward(Tensor x, Branches b) {
        if (recomputes(b) && act != Act.RELU6) {
            return recomputing(x, null, b, act == Act.RELU);
        }
        if (act == Act.RELU) {
            return BranchNorm.applyRelu(bn, conv.forward(x, b), b, null);
        }
        return act.apply(BranchNorm.apply(bn, conv.forward(x, b), b));
    }

    /** relu(conv + BN + residual) for a layer without its own activation: the end of a ResNet layer. */
    Tensor forwardAddRelu(Tensor x, Tensor residual, Branches b) {
        if (act != Act.NONE) {
            throw new IllegalStateException("forwardAddRelu needs a layer without its own activation, got " + act);
        }
        if (recomputes(b)) {
            return recomputing(x, residual, b, true);
        }
        return BranchNorm.applyRelu(bn, conv.forward(x, b), b, residual);
    }

    private boolean recomputes(Branches b) {
        return recompute && b.isAll() && bn.isTraining() && Autograd.isGradEnabled();
    }

    private Tensor recomputing(Tensor x, Tensor residual, Branches b, boolean relu) {
        return ConvBatchNorm.train(x, conv.weightFor(b), conv.stride, conv.padding, conv.groupsFor(b),
                bn.weight().value(), bn.bias().value(), bn.runningMean(), bn.runningVar(), bn.momentum(), bn.eps(),
                relu, residual);
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, Branches.all(conv.branches));
    }
}
