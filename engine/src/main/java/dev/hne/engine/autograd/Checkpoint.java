package dev.hne.engine.autograd;

import dev.hne.engine.Memory;
import dev.hne.engine.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Gradient checkpointing of one segment of a network (a layer, a block): the segment's forward
 * pass runs without recording a graph and keeps nothing but its input; its backward runs the
 * segment again, this time recording, and walks that short graph backward from the gradient the
 * outer walk hands in. {@code torch.utils.checkpoint} does the same.
 *
 * <p>Why: what a training step holds between its forward and backward passes is what each op
 * saved for its backward (its inputs, batch norm's input, ReLU masks): in a ResNet bottleneck about
 * three times the layer's output. Checkpointed, each layer holds one tensor, its input (the
 * previous layer's output), and the rest lives only while that layer's backward runs. The price is
 * one more forward pass of every checkpointed segment.
 *
 * <p>The replay must compute exactly what the first pass computed, but without its side effects:
 * batch norm computes the same batch statistics again, but must not move its running statistics a
 * second time. So the caller passes two functions, {@code forward} (the real pass) and
 * {@code replay} (the same arithmetic, no side effects). Parameters' gradients accumulate in the
 * inner walk, exactly as they would in the outer one; the node returns only the input's gradient.
 */
public final class Checkpoint extends Function {

    private final Tensor input;
    private final int parameterCount;
    private final UnaryOperator<Tensor> replay;
    private final String label;

    private Checkpoint(Tensor input, int parameterCount, UnaryOperator<Tensor> replay, String label) {
        this.input = input;
        this.parameterCount = parameterCount;
        this.replay = replay;
        this.label = label;
        saveForBackward(input);
    }

    /**
     * segment(x), with nothing of the segment kept for backward but x.
     *
     * @param parameters every tensor the segment reads that may require grad, besides x
     * @param forward    the segment's pass (with its side effects, such as running statistics)
     * @param replay     the same arithmetic without side effects, run again in backward
     * @param label      what the segment is, for error messages and memory reports
     */
    public static Tensor apply(Tensor x, List<Tensor> parameters, UnaryOperator<Tensor> forward,
                               UnaryOperator<Tensor> replay, String label) {
        if (!Autograd.isGradEnabled()) {
            return forward.apply(x);
        }
        Tensor y;
        // No graph, so the segment's intermediates are dead once it returns: the scope releases them.
        // The unscoped scope around it keeps y from any enclosing scope, which would release it too.
        try (var noGraph = Autograd.noGrad(); var unowned = Memory.unscoped(); var scope = Memory.scope()) {
            y = scope.keep(forward.apply(x));
        }
        Tensor[] inputs = new Tensor[1 + parameters.size()];
        inputs[0] = x;
        for (int i = 0; i < parameters.size(); i++) inputs[1 + i] = parameters.get(i);
        return Autograd.record(new Checkpoint(x, parameters.size(), replay, label), y, inputs);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        // The segment's input as a leaf of its own graph, so the inner walk stops there and sums the
        // input's gradient into its grad(); x itself stays in the outer graph.
        Tensor leaf = input.detach().requiresGrad(input.requiresGrad());
        Tensor y;
        try (var graph = Autograd.enableGrad(); var unowned = Memory.unscoped()) {
            y = replay.apply(leaf);
        }
        Autograd.backward(y, dy);   // the parameters' gradients accumulate here
        y.release();
        Tensor[] grads = new Tensor[1 + parameterCount];
        grads[0] = leaf.grad();
        return grads;
    }

    @Override
    public String name() {
        return "checkpoint(" + label + ")";
    }
}
