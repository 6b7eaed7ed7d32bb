package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;
import dev.hne.engine.backend.Backend;
import java.util.List;

/**
 * Concatenation and slicing along the channel axis of (N, C, H, W) or (N, C) tensors, both built
 * on the backend's copyChannels. Each is the other's backward.
 */
public final class Channels {

    private Channels() {}

    /** Joins tensors that agree on every axis but the channels. */
    public static Tensor concat(List<Tensor> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat_channels: nothing to concatenate");
        }
        Tensor first = parts.get(0);
        int channels = 0;
        for (Tensor p : parts) {
            Shapes.requireRank("concat_channels", p, 2, 4);
            Shapes.requireSameBackend("concat_channels", first, p);
            int[] a = Shapes.withChannels(first, 0), b = Shapes.withChannels(p, 0);
            if (!java.util.Arrays.equals(a, b)) {
                throw new IllegalArgumentException("concat_channels: shapes must agree except in channels, got "
                        + first.shapeString() + " and " + p.shapeString());
            }
            channels += p.dim(1);
        }
        Tensor y = Tensor.empty(first.backend(), Shapes.withChannels(first, channels));
        int start = 0;
        for (Tensor p : parts) {
            first.backend().copyChannels(p.storage(), p.dim(1), 0, y.storage(), channels, start, p.dim(1),
                    first.dim(0), Shapes.spatial(first), false);
            start += p.dim(1);
        }
        return Autograd.record(new Concat(parts), y, parts.toArray(new Tensor[0]));
    }

    /** Channels [start, start + count) of x. */
    public static Tensor slice(Tensor x, int start, int count) {
        Shapes.requireRank("slice_channels", x, 2, 4);
        if (start < 0 || count <= 0 || start + count > x.dim(1)) {
            throw new IllegalArgumentException("slice_channels: channels [" + start + ", " + (start + count)
                    + ") are outside input " + x.shapeString());
        }
        Tensor y = Tensor.empty(x.backend(), Shapes.withChannels(x, count));
        x.backend().copyChannels(x.storage(), x.dim(1), start, y.storage(), count, 0, count, x.dim(0),
                Shapes.spatial(x), false);
        return Autograd.record(new Slice(x.shape(), start), y, x);
    }

    private static final class Concat extends Function {
        private final int[] channelCounts;

        Concat(List<Tensor> parts) {
            channelCounts = parts.stream().mapToInt(p -> p.dim(1)).toArray();
        }

        @Override
        protected Tensor[] backward(Tensor dy) {
            Tensor[] grads = new Tensor[channelCounts.length];
            int start = 0;
            for (int i = 0; i < grads.length; i++) {
                Tensor part = Tensor.empty(dy.backend(), Shapes.withChannels(dy, channelCounts[i]));
                dy.backend().copyChannels(dy.storage(), dy.dim(1), start, part.storage(), channelCounts[i], 0,
                        channelCounts[i], dy.dim(0), Shapes.spatial(dy), false);
                grads[i] = part;
                start += channelCounts[i];
            }
            return grads;
        }

        @Override
        public String name() {
            return "concat_channels";
        }
    }

    private static final class Slice extends Function {
        private final int[] inputShape;
        private final int start;

        Slice(int[] inputShape, int start) {
            this.inputShape = inputShape;
            this.start = start;
        }

        @Override
        protected Tensor[] backward(Tensor dy) {
            Backend be = dy.backend();
            Tensor dx = Tensor.zeros(be, inputShape);   // zero outside the slice
            be.copyChannels(dy.storage(), dy.dim(1), 0, dx.storage(), inputShape[1], start, dy.dim(1), dy.dim(0),
                    Shapes.spatial(dy), false);
            return new Tensor[] {dx};
        }

        @Override
        public String name() {
            return "slice_channels";
        }
    }
}
