package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;
import dev.hne.engine.backend.BinaryOp;

/** y = a * b elementwise (same shapes); da = dy * b, db = dy * a. */
public final class Multiply extends Function {

    private final Tensor a;
    private final Tensor b;

    private Multiply(Tensor a, Tensor b) {
        this.a = a;
        this.b = b;
        saveForBackward(a, b);
    }

    public static Tensor apply(Tensor a, Tensor b) {
        Shapes.requireSameShape("multiply", a, b);
        Tensor y = Tensor.zerosLike(a);
        a.backend().binary(BinaryOp.MUL, a.storage(), b.storage(), y.storage());
        return Autograd.record(new Multiply(a, b), y, a, b);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        return new Tensor[] {times(dy, b, a.requiresGrad()), times(dy, a, b.requiresGrad())};
    }

    private static Tensor times(Tensor dy, Tensor other, boolean needed) {
        if (!needed) {
            return null;
        }
        Tensor out = Tensor.zerosLike(other);
        dy.backend().binary(BinaryOp.MUL, dy.storage(), other.storage(), out.storage());
        return out;
    }
}
