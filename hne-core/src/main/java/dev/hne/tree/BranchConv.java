package dev.hne.tree;

import dev.hne.engine.Tensor;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.ops.Conv2d;
import dev.hne.engine.nn.Module;
import dev.hne.engine.nn.Parameter;
import java.util.List;
import java.util.Random;

/**
 * The convolution of every branch of a level as ONE grouped convolution (paper Fig. 2).
 *
 * <p>Weight (branches * out, in / convGroups, k, k): branch j owns rows [j*out, (j+1)*out). A
 * plain conv of each branch becomes a grouped conv with one group per branch; a depthwise conv of
 * each branch (convGroups = in) becomes a depthwise conv over all branches' channels. Each branch
 * is initialised as the single network would be (Kaiming normal, fan-out of ONE branch), so a tree
 * and N separate networks start from the same distribution. No bias: batch norm follows.
 */
final class BranchConv extends Module implements BranchLayer {

    final int branches, in, out, kernel, stride, padding, convGroups;
    private final Parameter weight;

    BranchConv(Random rng, int branches, int in, int out, int kernel, int stride, int convGroups) {
        this.branches = branches;
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = kernel / 2;
        this.convGroups = convGroups;
        float std = (float) Math.sqrt(2.0 / (out * kernel * kernel));
        weight = register("weight", new Parameter(
                Tensor.randn(rng, std, branches * out, in / convGroups, kernel, kernel), Parameter.Kind.WEIGHT));
    }

    /** (branches * out, in / convGroups, k, k), every branch's weights. */
    Tensor weight() {
        return weight.value();
    }

    @Override
    public Tensor forward(Tensor x, Branches b, ExecutionMode mode) {
        // (N, |b| * in, H, W) -> (N, |b| * out, H', W')
        return Conv2d.apply(x, weightFor(b), stride, padding, groupsFor(b));
    }

    /** ONE branch's convolution of one image of resolution x resolution. */
    ConvGeometry geometry(int resolution) {
        return new ConvGeometry(1, in, resolution, resolution, out, kernel, kernel, stride, padding, convGroups);
    }

    @Override
    public List<ConvGeometry> convolutions(int resolution) {
        return List.of(geometry(resolution));
    }

    /** The weight rows of the active branches. */
    Tensor weightFor(Branches b) {
        return b.pickRows(weight.value());
    }

    /** The group count of the grouped convolution over the active branches. */
    int groupsFor(Branches b) {
        return b.count() * convGroups;
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, Branches.all(branches), ExecutionMode.TRAIN);   // a plain conv in every mode
    }
}
