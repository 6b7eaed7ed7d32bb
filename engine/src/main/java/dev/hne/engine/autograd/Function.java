package dev.hne.engine.autograd;

import dev.hne.engine.Tensor;

/**
 * One recorded operation: a node of the autograd graph. Each op in {@code dev.hne.engine.ops} is a
 * small subclass with its forward (a static {@code apply}) and its {@link #backward} side by side.
 *
 * <p>The graph links nodes, not tensors: for each input the node remembers only where its gradient
 * must go, either the {@link Function} that produced that input or, for a leaf (a parameter, an
 * input that requires grad), the leaf tensor itself. So an intermediate tensor stays in memory only
 * while something still uses it: an op that saved it for its backward, or the caller. That is what
 * lets a ReLU free the batch-norm output it consumed, as in PyTorch.
 */
public abstract class Function {

    private static final Function[] NO_FUNCTIONS = new Function[0];
    private static final Tensor[] NO_TENSORS = new Tensor[0];

    // Per input i: exactly one of producers[i] (an op's output) or leaves[i] (a leaf that requires
    // grad) is set, or neither when that input takes no gradient.
    private Function[] producers = NO_FUNCTIONS;
    private Tensor[] leaves = NO_TENSORS;
    private long[] inputSizes = new long[0];
    private Tensor[] saved = NO_TENSORS;
    private boolean released;

    /**
     * Given the gradient of the loss with respect to this op's output, returns the gradient with
     * respect to each input, in the order the inputs were recorded; an entry may be null for an
     * input that takes no gradient (it is only used where the input requires grad).
     */
    protected abstract Tensor[] backward(Tensor gradOutput);

    /**
     * Declares the tensors this op's backward reads (call it from the op's constructor). Autograd
     * uses the list to free memory: an intermediate activation's storage goes back to the backend
     * once every op that saved it has run its backward. Tensors that are not intermediates
     * (parameters, inputs) are never freed.
     */
    protected final void saveForBackward(Tensor... tensors) {
        saved = tensors.clone();
    }

    final Tensor[] saved() {
        return saved;
    }

    /** A short op name for error messages and debug output. */
    public String name() {
        return getClass().getSimpleName();
    }

    final void link(Tensor[] inputs) {
        producers = new Function[inputs.length];
        leaves = new Tensor[inputs.length];
        inputSizes = new long[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            inputSizes[i] = inputs[i].size();
            if (inputs[i].creator() != null) {
                producers[i] = inputs[i].creator();
            } else if (inputs[i].requiresGrad()) {
                leaves[i] = inputs[i];
            }
        }
    }

    final int inputCount() {
        return producers.length;
    }

    /** The op that produced input i, or null if input i is a leaf or takes no gradient. */
    final Function producer(int i) {
        return producers[i];
    }

    /** The leaf tensor of input i, or null. */
    final Tensor leaf(int i) {
        return leaves[i];
    }

    final long inputSize(int i) {
        return inputSizes[i];
    }

    final boolean isReleased() {
        return released;
    }

    /** Drops the links once backward has used this node, so the graph can be freed as the walk goes. */
    final void release() {
        producers = NO_FUNCTIONS;
        leaves = NO_TENSORS;
        saved = NO_TENSORS;
        released = true;
    }
}
