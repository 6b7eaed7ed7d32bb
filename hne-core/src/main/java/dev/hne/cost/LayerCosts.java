package dev.hne.cost;

import dev.hne.engine.backend.ConvGeometry;
import dev.hne.tree.LayerSpec;

/**
 * The cost of ONE branch of each layer type, counted from the layer's definition (the same
 * structure that {@code dev.hne.tree.TreeBuilder} builds; a test checks the parameter counts
 * against built trees).
 *
 * <p>Counting rule: MACs of convolutions ({@link ConvGeometry#macs}, batch 1) and of linear layers
 * (in * out); batch norm, activations, residual adds, pooling, biases and the channel replication
 * at splits are not counted (they are a few per cent and memory-bound). Parameters: conv and linear
 * weights, linear biases, batch-norm scale and shift (not the running statistics).
 */
final class LayerCosts {

    private LayerCosts() {}

    /** Where the walk through a spec stands: channels and square resolution of one branch. */
    record Shape(int channels, int resolution) {}

    record Step(Cost cost, Shape out) {}

    /** The cost of one copy of {@code row} with the given stride, read from an input of shape {@code in}. */
    static Step of(LayerSpec row, int stride, Shape in) {
        int c = in.channels(), r = in.resolution(), out = row.outChannels();
        return switch (row.type()) {
            case CONV_BN_RELU, CONV_BN_RELU6 -> convBn(c, out, row.kernel(), stride, 1, r);
            case RESNET, RESNET_BRANCHING -> {
                int mid = Math.max(1, out / 4);
                Step reduce = convBn(c, mid, 1, 1, 1, r);
                Step dw = convBn(mid, mid, 3, stride, mid, r);
                Step expand = convBn(mid, out, 1, 1, 1, dw.out().resolution());
                Cost cost = reduce.cost().plus(dw.cost()).plus(expand.cost());
                if (row.type() == dev.hne.tree.LayerType.RESNET_BRANCHING) {
                    cost = cost.plus(convBn(c, out, 1, stride, 1, r).cost());
                }
                yield new Step(cost, expand.out());
            }
            case MBNET, MBNET_BRANCHING -> {
                int mid = c * row.expansion();
                Step expand = convBn(c, mid, 1, 1, 1, r);
                Step dw = convBn(mid, mid, 3, stride, mid, r);
                Step project = convBn(mid, out, 1, 1, 1, dw.out().resolution());
                yield new Step(expand.cost().plus(dw.cost()).plus(project.cost()), project.out());
            }
            case POOL_LINEAR, POOL_LINEAR_RELU6, LINEAR -> new Step(new Cost((long) c * out, (long) c * out + out),
                    new Shape(out, 1));
        };
    }

    /** A k x k conv (padding k/2, `groups` groups) + batch norm. */
    private static Step convBn(int in, int out, int k, int stride, int groups, int res) {
        ConvGeometry g = new ConvGeometry(1, in, res, res, out, k, k, stride, k / 2, groups);
        long params = (long) out * (in / groups) * k * k + 2L * out;
        return new Step(new Cost(g.macs(), params), new Shape(out, g.outHeight()));
    }
}
