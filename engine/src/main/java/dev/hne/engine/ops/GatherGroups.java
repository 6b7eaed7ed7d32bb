package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;
import dev.hne.engine.backend.GroupSums;

/**
 * The branch split of an HNE (paper Fig. 2) as one gather: the input holds G branches as G channel
 * groups of Cg channels each, x (N, G*Cg, H, W); output group i is a copy of input group
 * {@code index[i]}. A parent's index appears once per child that is computed, so a grouped
 * convolution over the output computes exactly those children: the whole split (index 0, 0, 1, 1,
 * ...) and the few nodes an anytime step adds are the same one copy. Backward: each input group's
 * gradient is the sum of its copies' gradients (zero for a group nothing copied).
 */
public final class GatherGroups extends Function {

    private final int groups;
    private final int[] index;
    private final int[] inputShape;

    private GatherGroups(int groups, int[] index, int[] inputShape) {
        this.groups = groups;
        this.index = index;
        this.inputShape = inputShape;
    }

    /** Output group i = input group index[i], of the {@code groups} groups in x's channels. */
    public static Tensor apply(Tensor x, int groups, int... index) {
        Shapes.requireRank("gather_groups", x, 2, 4);
        if (groups <= 0 || x.dim(1) % groups != 0) {
            throw new IllegalArgumentException("gather_groups: " + groups + " groups do not divide the "
                    + x.dim(1) + " channels of input " + x.shapeString());
        }
        if (index.length == 0) {
            throw new IllegalArgumentException("gather_groups: no group to gather from input " + x.shapeString());
        }
        GroupSums.checkIndex("gather_groups", index, groups);
        int groupChannels = x.dim(1) / groups;
        Tensor y = Tensor.empty(x.backend(), Shapes.withChannels(x, index.length * groupChannels));
        x.backend().gatherGroups(x.storage(), x.dim(0), groups, groupChannels, Shapes.spatial(x), index, y.storage());
        return Autograd.record(new GatherGroups(groups, index.clone(), x.shape()), y, x);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor dx = Tensor.empty(dy.backend(), inputShape);
        dy.backend().gatherGroupsBackward(dy.storage(), inputShape[0], groups, inputShape[1] / groups,
                Shapes.spatial(dy), index, dx.storage());
        return new Tensor[] {dx};
    }

    @Override
    public String name() {
        return "gather_groups";
    }
}
