package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;

/** (N, C, H, W) -> (N, C): the mean over each feature map; dx spreads dy / (H*W) over the map. */
public final class GlobalAvgPool extends Function {

    private final int[] inputShape;

    private GlobalAvgPool(int[] inputShape) {
        this.inputShape = inputShape;
    }

    public static Tensor apply(Tensor x) {
        Shapes.requireRank("global_avg_pool", x, 4);
        Tensor y = Tensor.zeros(x.backend(), x.dim(0), x.dim(1));
        x.backend().globalAvgPool(x.storage(), x.dim(0) * x.dim(1), Shapes.spatial(x), y.storage());
        return Autograd.record(new GlobalAvgPool(x.shape()), y, x);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor dx = Tensor.empty(dy.backend(), inputShape);
        dy.backend().globalAvgPoolBackward(dy.storage(), inputShape[0] * inputShape[1],
                inputShape[2] * inputShape[3], dx.storage());
        return new Tensor[] {dx};
    }
}
