package dev.hne.tree;

import dev.hne.engine.Tensor;
import dev.hne.engine.nn.BatchNorm2d;
import dev.hne.engine.nn.Module;
import java.util.Random;

/** Conv (grouped over branches) + BN + activation: the building brick of every conv layer. */
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
    public Tensor forward(Tensor x, Branches b) {
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
        return BranchNorm.applyRelu(bn, conv.forward(x, b), b, residual);
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, Branches.all(conv.branches));
    }
}
