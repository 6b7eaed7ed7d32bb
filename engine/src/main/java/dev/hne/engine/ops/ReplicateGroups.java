package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;

/**
 * The branch split of an HNE (paper Fig. 2). The input holds G branches as G channel groups of Cg
 * channels each, x (N, G*Cg, H, W); every branch is copied to its two children, giving 2G groups
 * (group g goes to 2g and 2g+1). A grouped convolution with 2G groups then computes all children at
 * once. Backward: each parent's gradient is the sum of its two children's.
 */
public final class ReplicateGroups extends Function {

    private final int groups;
    private final int[] inputShape;

    private ReplicateGroups(int groups, int[] inputShape) {
        this.groups = groups;
        this.inputShape = inputShape;
    }

    public static Tensor apply(Tensor x, int groups) {
        Shapes.requireRank("replicate_groups", x, 2, 4);
        if (groups <= 0 || x.dim(1) % groups != 0) {
            throw new IllegalArgumentException("replicate_groups: " + groups + " groups do not divide the "
                    + x.dim(1) + " channels of input " + x.shapeString());
        }
        Tensor y = Tensor.empty(x.backend(), Shapes.withChannels(x, 2 * x.dim(1)));
        x.backend().replicateGroups(x.storage(), x.dim(0), groups, x.dim(1) / groups, Shapes.spatial(x), y.storage());
        return Autograd.record(new ReplicateGroups(groups, x.shape()), y, x);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor dx = Tensor.empty(dy.backend(), inputShape);
        dy.backend().replicateGroupsBackward(dy.storage(), inputShape[0], groups, inputShape[1] / groups,
                Shapes.spatial(dy), dx.storage());
        return new Tensor[] {dx};
    }

    @Override
    public String name() {
        return "replicate_groups";
    }
}
