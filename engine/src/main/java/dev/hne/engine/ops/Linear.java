package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;
import dev.hne.engine.backend.Backend;

/**
 * y (N, out) = x (N, in) * w(out, in)^T + b (out), PyTorch's layout. Backward: dx = dy * w,
 * dw = dy^T * x, db = the column sums of dy.
 */
public final class Linear extends Function {

    private final Tensor x;
    private final Tensor w;

    private Linear(Tensor x, Tensor w) {
        this.x = x;
        this.w = w;
        saveForBackward(x, w);
    }

    /** {@code b} may be null for no bias. */
    public static Tensor apply(Tensor x, Tensor w, Tensor b) {
        Shapes.requireRank("linear", x, 2);
        Shapes.requireSameBackend("linear", x, w);
        if (w.rank() != 2 || w.dim(1) != x.dim(1) || (b != null && b.size() != w.dim(0))) {
            throw new IllegalArgumentException("linear: input " + x.shapeString() + " needs weight (out, "
                    + x.dim(1) + ") and bias (out,), got weight " + w.shapeString()
                    + (b == null ? "" : " and bias " + b.shapeString()));
        }
        Backend be = x.backend();
        int n = x.dim(0), in = x.dim(1), out = w.dim(0);
        Tensor y = Tensor.zeros(be, n, out);
        be.matmul(x.storage(), false, w.storage(), true, y.storage(), n, out, in);
        if (b == null) {
            return Autograd.record(new Linear(x, w), y, x, w);
        }
        be.addBias(y.storage(), b.storage(), n, out, 1, y.storage());
        return Autograd.record(new Linear(x, w), y, x, w, b);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Backend be = x.backend();
        int n = x.dim(0), in = x.dim(1), out = w.dim(0);
        Tensor dx = null, dw = null;
        if (x.requiresGrad()) {
            dx = Tensor.zeros(be, n, in);
            be.matmul(dy.storage(), false, w.storage(), false, dx.storage(), n, in, out);
        }
        if (w.requiresGrad()) {
            dw = Tensor.zeros(be, out, in);
            be.matmul(dy.storage(), true, x.storage(), false, dw.storage(), out, in, n);
        }
        Tensor db = Tensor.zeros(be, out);
        be.sumMiddle(dy.storage(), 1, n, out, db.storage());
        return new Tensor[] {dx, dw, db};
    }
}
