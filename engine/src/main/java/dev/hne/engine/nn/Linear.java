package dev.hne.engine.nn;

import dev.hne.engine.Tensor;
import java.util.Random;

/** A fully connected layer, PyTorch layout and init: {@code weight} (out, in), {@code bias} (out). */
public final class Linear extends Module {

    private final Parameter weight;
    private final Parameter bias;

    public Linear(Random rng, int in, int out) {
        weight = register("weight", new Parameter(Init.uniformFanIn(rng, in, out, in), Parameter.Kind.WEIGHT));
        bias = register("bias", new Parameter(Init.uniformFanIn(rng, in, out), Parameter.Kind.BIAS));
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        return dev.hne.engine.ops.Linear.apply(x, weight.value(), bias.value());
    }
}
