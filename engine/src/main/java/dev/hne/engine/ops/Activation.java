package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;
import dev.hne.engine.backend.BinaryOp;
import dev.hne.engine.backend.UnaryOp;

/** ReLU and ReLU6: y = max(x, 0) and min(max(x, 0), 6); dy passes where x is inside the linear range. */
public final class Activation extends Function {

    private final UnaryOp op;
    private final BinaryOp derivative;
    private final Tensor x;

    private Activation(UnaryOp op, BinaryOp derivative, Tensor x) {
        this.op = op;
        this.derivative = derivative;
        this.x = x;
    }

    public static Tensor relu(Tensor x) {
        return apply(new Activation(UnaryOp.RELU, BinaryOp.RELU_BACKWARD, x));
    }

    public static Tensor relu6(Tensor x) {
        return apply(new Activation(UnaryOp.RELU6, BinaryOp.RELU6_BACKWARD, x));
    }

    private static Tensor apply(Activation fn) {
        Tensor y = Tensor.zerosLike(fn.x);
        fn.x.backend().unary(fn.op, fn.x.storage(), y.storage());
        return Autograd.record(fn, y, fn.x);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor dx = Tensor.zerosLike(x);
        x.backend().binary(derivative, dy.storage(), x.storage(), dx.storage());
        return new Tensor[] {dx};
    }

    @Override
    public String name() {
        return op.cudaRoot;
    }
}
