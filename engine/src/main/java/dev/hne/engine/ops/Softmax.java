package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;

/** Softmax or log-softmax over the last axis of an (R, K) tensor, computed with the max subtracted. */
public final class Softmax extends Function {

    private final boolean log;
    private final Tensor y;    // the output: both backward formulas need only it

    private Softmax(boolean log, Tensor y) {
        this.log = log;
        this.y = y;
        saveForBackward(y);
    }

    public static Tensor apply(Tensor x, boolean log) {
        Shapes.requireRank(log ? "log_softmax" : "softmax", x, 2);
        Tensor y = Tensor.zerosLike(x);
        x.backend().softmax(x.storage(), x.dim(0), x.dim(1), log, y.storage());
        return Autograd.record(new Softmax(log, y.detach()), y, x);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor dx = Tensor.zerosLike(y);
        y.backend().softmaxBackward(y.storage(), dy.storage(), y.dim(0), y.dim(1), log, dx.storage());
        return new Tensor[] {dx};
    }

    @Override
    public String name() {
        return log ? "log_softmax" : "softmax";
    }
}
