package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;
import dev.hne.engine.backend.ConvGeometry;

/**
 * Grouped 2-D convolution without bias (HNE convolutions are always followed by batch norm).
 * x (N, Cin, H, W), w (Cout, Cin/groups, KH, KW) -> y (N, Cout, OH, OW). Depthwise is
 * groups == Cin == Cout. The backward is two backend primitives: backward-data and backward-filter.
 */
public final class Conv2d extends Function {

    private final ConvGeometry geometry;
    private final Tensor x;
    private final Tensor w;

    private Conv2d(ConvGeometry geometry, Tensor x, Tensor w) {
        this.geometry = geometry;
        this.x = x;
        this.w = w;
        saveForBackward(x, w);
    }

    public static Tensor apply(Tensor x, Tensor w, int stride, int padding, int groups) {
        ConvGeometry g = geometry(x, w, stride, padding, groups);
        Tensor y = Tensor.empty(x.backend(), g.outputShape());
        x.backend().conv2dForward(g, x.storage(), w.storage(), y.storage());
        return Autograd.record(new Conv2d(g, x, w), y, x, w);
    }

    /** Validates x and w against each other and describes the convolution. */
    public static ConvGeometry geometry(Tensor x, Tensor w, int stride, int padding, int groups) {
        Shapes.requireRank("conv2d", x, 4);
        Shapes.requireSameBackend("conv2d", x, w);
        return geometry(x, w.shape(), stride, padding, groups);
    }

    /** As above for a weight of shape {@code w} (one that an op reads in parts, and never builds whole). */
    public static ConvGeometry geometry(Tensor x, int[] w, int stride, int padding, int groups) {
        Shapes.requireRank("conv2d", x, 4);
        if (w.length != 4) {
            throw new IllegalArgumentException("conv2d: weight must be (Cout, Cin/groups, KH, KW); "
                    + describe(x, w, groups));
        }
        if (groups <= 0 || w[0] % groups != 0) {
            throw new IllegalArgumentException("conv2d: groups must divide the " + w[0]
                    + " output channels; " + describe(x, w, groups));
        }
        if (w[1] * groups != x.dim(1)) {
            throw new IllegalArgumentException("conv2d: weight expects " + w[1] + " input channels per group x "
                    + groups + " groups = " + w[1] * groups + ", but the input has " + x.dim(1) + "; "
                    + describe(x, w, groups));
        }
        try {
            return new ConvGeometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), w[0], w[2], w[3],
                    stride, padding, groups);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "; " + describe(x, w, groups), e);
        }
    }

    /**
     * The shapes an error names, built only on the way to a throw: built on every call, it took 1.7% of the
     * calling thread's time at batch 1.
     */
    private static String describe(Tensor x, int[] w, int groups) {
        return "input " + x.shapeString() + ", weight " + Tensor.shapeString(w) + ", groups " + groups;
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor dx = null, dw = null;
        if (x.requiresGrad()) {
            dx = Tensor.emptyLike(x);
            x.backend().conv2dBackwardData(geometry, dy.storage(), w.storage(), dx.storage());
        }
        if (w.requiresGrad()) {
            dw = Tensor.emptyLike(w);
            x.backend().conv2dBackwardFilter(geometry, x.storage(), dy.storage(), dw.storage());
        }
        return new Tensor[] {dx, dw};
    }
}
