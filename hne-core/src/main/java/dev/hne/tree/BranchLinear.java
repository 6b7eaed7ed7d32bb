package dev.hne.tree;

import dev.hne.engine.Tensor;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.nn.Init;
import dev.hne.engine.nn.Module;
import dev.hne.engine.nn.Parameter;
import dev.hne.engine.ops.Conv2d;
import dev.hne.engine.ops.GlobalAvgPool;
import dev.hne.engine.ops.Linear;
import java.util.List;
import java.util.Random;

/**
 * A linear layer per branch, optionally after a global average pool and before a ReLU6:
 * (N, |b| * in [, H, W]) -> (N, |b| * out). Weight (branches * out, in), bias (branches * out),
 * nn.Linear's layout and init for each branch.
 *
 * <p>All branches run as one grouped 1x1 convolution on the (N, |b| * in, 1, 1) features (the
 * engine has no grouped matrix multiply, and a grouped 1x1 conv is exactly that). The bias is added
 * as a rank-one product ones(N, 1) * bias^T, so autograd sums its gradient over the batch.
 */
final class BranchLinear extends Module implements BranchLayer {

    private final int branches, in, out;
    private final boolean pool;
    private final Act act;
    private final Parameter weight, bias;

    BranchLinear(Random rng, int branches, int in, int out, boolean pool, Act act) {
        this.branches = branches;
        this.in = in;
        this.out = out;
        this.pool = pool;
        this.act = act;
        weight = register("weight", new Parameter(Init.uniformFanIn(rng, in, branches * out, in), Parameter.Kind.WEIGHT));
        bias = register("bias", new Parameter(Init.uniformFanIn(rng, in, branches * out), Parameter.Kind.BIAS));
    }

    @Override
    public Tensor forward(Tensor x, Branches b, ExecutionMode mode) {
        Tensor features = pool ? GlobalAvgPool.apply(x) : x;            // (N, |b| * in)
        int n = features.dim(0), k = b.count();
        Tensor w = b.pickRows(weight.value());                          // (|b| * out, in)
        Tensor y = Conv2d.apply(features.reshape(n, k * in, 1, 1), w.reshape(k * out, in, 1, 1), 1, 0, k)
                .reshape(n, k * out);
        Tensor ones = Tensor.full(1f, n, 1).to(x.backend());
        Tensor broadcastBias = Linear.apply(ones, b.pickRows(bias.value()).reshape(k * out, 1), null);
        return act.apply(y.add(broadcastBias));
    }

    /** A linear layer is the 1x1 convolution of 1x1 features it runs as (the pool before it is not counted). */
    @Override
    public List<ConvGeometry> convolutions(int resolution) {
        return List.of(new ConvGeometry(1, in, 1, 1, out, 1, 1, 1, 0, 1));
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, Branches.all(branches), ExecutionMode.standalone(isTraining()));
    }
}
