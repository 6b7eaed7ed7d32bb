package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;
import dev.hne.engine.backend.BinaryOp;
import dev.hne.engine.backend.UnaryOp;

/**
 * ReLU and ReLU6: y = max(x, 0) and min(max(x, 0), 6); dy passes where x is inside the linear range.
 * The backward needs only that mask, and 0 < y < 6 exactly where 0 < x < 6 (y > 0 where x > 0), so
 * the op saves its output rather than its input: the tensor that fed it (usually a batch norm's
 * output) can then be freed during the forward pass, as PyTorch's in-place ReLU allows.
 */
public final class Activation extends Function {

    private final UnaryOp op;
    private final BinaryOp derivative;
    private final Tensor y;   // the output: its mask is the derivative's

    private Activation(UnaryOp op, BinaryOp derivative, Tensor y) {
        this.op = op;
        this.derivative = derivative;
        this.y = y;
        saveForBackward(y);
    }

    public static Tensor relu(Tensor x) {
        return apply(UnaryOp.RELU, BinaryOp.RELU_BACKWARD, x);
    }

    public static Tensor relu6(Tensor x) {
        return apply(UnaryOp.RELU6, BinaryOp.RELU6_BACKWARD, x);
    }

    private static Tensor apply(UnaryOp op, BinaryOp derivative, Tensor x) {
        Tensor y = Tensor.emptyLike(x);
        x.backend().unary(op, x.storage(), y.storage());
        return Autograd.record(new Activation(op, derivative, y.detach()), y, x);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor dx = Tensor.emptyLike(y);
        y.backend().binary(derivative, dy.storage(), y.storage(), dx.storage());
        return new Tensor[] {dx};
    }

    @Override
    public String name() {
        return op.cudaRoot;
    }
}
