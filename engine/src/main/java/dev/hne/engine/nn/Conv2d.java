package dev.hne.engine.nn;

import dev.hne.engine.Tensor;
import java.util.Random;

/** A grouped convolution layer without bias (always followed by batch norm here): {@code weight} (out, in/groups, k, k). */
public final class Conv2d extends Module {

    public final int inChannels, outChannels, kernel, stride, padding, groups;
    private final Parameter weight;

    public Conv2d(Random rng, int inChannels, int outChannels, int kernel, int stride, int padding, int groups) {
        if (groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv2d: groups=" + groups + " must divide in_channels="
                    + inChannels + " and out_channels=" + outChannels);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.groups = groups;
        this.weight = register("weight", new Parameter(
                Init.kaimingNormalFanOut(rng, outChannels, inChannels / groups, kernel, kernel), Parameter.Kind.WEIGHT));
    }

    public Parameter weight() {
        return weight;
    }

    @Override
    public Tensor forward(Tensor x) {
        return dev.hne.engine.ops.Conv2d.apply(x, weight.value(), stride, padding, groups);
    }
}
