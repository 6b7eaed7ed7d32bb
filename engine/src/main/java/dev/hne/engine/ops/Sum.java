package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;

/** The sum of all elements, a scalar of shape (); dx = dy broadcast to x's shape. Mean is sum * 1/size. */
public final class Sum extends Function {

    private final int[] inputShape;

    private Sum(int[] inputShape) {
        this.inputShape = inputShape;
    }

    public static Tensor apply(Tensor x) {
        Tensor y = Tensor.zeros(x.backend());
        x.backend().sumMiddle(x.storage(), 1, Math.toIntExact(x.size()), 1, y.storage());
        return Autograd.record(new Sum(x.shape()), y, x);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        return new Tensor[] {ScalarBroadcast.fill(dy, inputShape)};
    }
}
