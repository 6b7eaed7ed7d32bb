package dev.hne.cli;

import dev.hne.engine.Tensor;
import dev.hne.engine.nn.BatchNorm2d;
import dev.hne.engine.nn.Conv2d;
import dev.hne.engine.nn.Linear;
import dev.hne.engine.nn.Module;
import dev.hne.engine.nn.Sequential;
import dev.hne.engine.ops.GlobalAvgPool;
import java.util.Random;

/**
 * The demo's network: a small MobileNet-style conv net built from the same layers as the HNE trees
 * (3x3 stem, then 1x1 expand / depthwise 3x3 stride 2 pairs, each conv followed by batch norm and
 * ReLU), global average pooling and a linear classifier. About 12k parameters, ~2 MMACs at 32x32.
 */
final class SmallConvNet {

    private SmallConvNet() {}

    static Module create(Random rng, int inChannels, int classes) {
        Sequential net = new Sequential();
        convBnRelu(net, rng, inChannels, 16, 3, 1, 1);
        convBnRelu(net, rng, 16, 32, 1, 1, 1);
        convBnRelu(net, rng, 32, 32, 3, 2, 32);   // depthwise, 32x32 -> 16x16
        convBnRelu(net, rng, 32, 64, 1, 1, 1);
        convBnRelu(net, rng, 64, 64, 3, 2, 64);   // depthwise, 16x16 -> 8x8
        convBnRelu(net, rng, 64, 64, 1, 1, 4);    // grouped 1x1
        net.add(Sequential.of(GlobalAvgPool::apply));
        net.add(new Linear(rng, 64, classes));
        return net;
    }

    private static void convBnRelu(Sequential net, Random rng, int in, int out, int kernel, int stride, int groups) {
        net.add(new Conv2d(rng, in, out, kernel, stride, kernel / 2, groups));
        net.add(new BatchNorm2d(out));
        net.add(Sequential.of(Tensor::relu));
    }
}
