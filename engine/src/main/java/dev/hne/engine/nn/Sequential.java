package dev.hne.engine.nn;

import dev.hne.engine.Tensor;
import java.util.function.UnaryOperator;

/** Modules applied in order, named "0", "1", ... as in PyTorch's nn.Sequential. */
public final class Sequential extends Module {

    public Sequential(Module... layers) {
        for (Module layer : layers) add(layer);
    }

    public Sequential add(Module layer) {
        register(Integer.toString(children().size()), layer);
        return this;
    }

    /** A parameter-free step such as an activation, as a module. */
    public static Module of(UnaryOperator<Tensor> fn) {
        return new Module() {
            @Override
            public Tensor forward(Tensor x) {
                return fn.apply(x);
            }
        };
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Module layer : children().values()) x = layer.forward(x);
        return x;
    }
}
