package dev.hne.engine.autograd;

import dev.hne.engine.Tensor;

/**
 * One recorded operation in the autograd graph: the op's inputs plus whatever its forward saved.
 * Each op in {@code dev.hne.engine.ops} is a small subclass with its forward (a static
 * {@code apply}) and its {@link #backward} side by side.
 */
public abstract class Function {

    private Tensor[] inputs = new Tensor[0];

    /** The tensors this op read; set by {@link Autograd#record}. */
    public final Tensor[] inputs() {
        return inputs;
    }

    final void setInputs(Tensor[] inputs) {
        this.inputs = inputs;
    }

    /**
     * Given the gradient of the loss with respect to this op's output, returns the gradient with
     * respect to each input, in the order of {@link #inputs()}; an entry may be null for an input
     * that takes no gradient. Only entries for inputs that {@code requiresGrad()} are used.
     */
    protected abstract Tensor[] backward(Tensor gradOutput);

    /** A short op name for error messages and debug output. */
    public String name() {
        return getClass().getSimpleName();
    }

    /** Drops the inputs so that intermediates can be freed once backward has used them. */
    final void release() {
        inputs = new Tensor[0];
    }
}
