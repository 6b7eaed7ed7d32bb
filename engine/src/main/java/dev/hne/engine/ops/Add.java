package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;
import dev.hne.engine.backend.BinaryOp;

/** y = a + b (same shapes); the residual connection. Both inputs receive dy unchanged. */
public final class Add extends Function {

    private Add() {}

    public static Tensor apply(Tensor a, Tensor b) {
        Shapes.requireSameShape("add", a, b);
        Tensor y = Tensor.emptyLike(a);
        a.backend().binary(BinaryOp.ADD, a.storage(), b.storage(), y.storage());
        return Autograd.record(new Add(), y, a, b);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        return new Tensor[] {dy, dy};
    }
}
