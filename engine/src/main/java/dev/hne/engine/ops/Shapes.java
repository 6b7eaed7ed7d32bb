package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import java.util.Arrays;

/** Argument checks shared by the ops: each failure names the op and the shapes involved. */
final class Shapes {

    private Shapes() {}

    static void requireRank(String op, Tensor t, int... ranks) {
        for (int r : ranks) {
            if (t.rank() == r) {
                return;
            }
        }
        throw new IllegalArgumentException(op + ": expected a tensor of rank " + Arrays.toString(ranks)
                + ", got shape " + t.shapeString());
    }

    static void requireSameShape(String op, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": shapes must match, got " + a.shapeString() + " and "
                    + b.shapeString());
        }
        requireSameBackend(op, a, b);
    }

    /** As above, for an output that does not exist yet: b must have the shape {@code expected}. */
    static void requireShape(String op, int[] expected, Tensor b) {
        if (!Arrays.equals(expected, b.shape())) {
            throw new IllegalArgumentException(op + ": shapes must match, got " + Tensor.shapeString(expected)
                    + " and " + b.shapeString());
        }
    }

    static void requireSameBackend(String op, Tensor a, Tensor b) {
        if (a.backend() != b.backend()) {
            throw new IllegalArgumentException(op + ": tensors live on different backends, " + a.backend().name()
                    + " and " + b.backend().name());
        }
    }

    /** H*W of an (N, C, H, W) tensor, 1 for an (N, C) tensor. */
    static int spatial(Tensor t) {
        return t.rank() == 4 ? t.dim(2) * t.dim(3) : 1;
    }

    /** The shape of t with its channel axis (1) replaced. */
    static int[] withChannels(Tensor t, int channels) {
        int[] shape = t.shape();
        shape[1] = channels;
        return shape;
    }
}
