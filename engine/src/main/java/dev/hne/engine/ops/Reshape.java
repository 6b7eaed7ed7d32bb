package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;

/**
 * Same data, new shape (flatten is a reshape). Tensors are contiguous, so the output shares the
 * input's storage; the gradient is dy with the input's shape, again without a copy.
 */
public final class Reshape extends Function {

    private final int[] inputShape;

    private Reshape(int[] inputShape) {
        this.inputShape = inputShape;
    }

    public static Tensor apply(Tensor x, int... shape) {
        if (Tensor.sizeOf(shape) != x.size()) {
            throw new IllegalArgumentException("reshape: cannot view " + x.shapeString() + " (" + x.size()
                    + " elements) as " + Tensor.shapeString(shape));
        }
        return Autograd.record(new Reshape(x.shape()), x.view(shape), x);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        return new Tensor[] {new Tensor(dy.storage(), inputShape)};
    }
}
