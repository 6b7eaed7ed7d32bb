package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;

/** y = alpha * x for a constant alpha; dx = alpha * dy. */
public final class Scale extends Function {

    private final float alpha;

    private Scale(float alpha) {
        this.alpha = alpha;
    }

    public static Tensor apply(Tensor x, float alpha) {
        Tensor y = Tensor.zerosLike(x);
        x.backend().scale(x.storage(), alpha, y.storage());
        return Autograd.record(new Scale(alpha), y, x);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor dx = Tensor.zerosLike(dy);
        dy.backend().scale(dy.storage(), alpha, dx.storage());
        return new Tensor[] {dx};
    }
}
