package dev.hne.engine.autograd;

import dev.hne.engine.Memory;
import dev.hne.engine.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Define-by-run reverse-mode differentiation.
 *
 * <p>Ops call {@link #record} after computing their output; when grad mode is on and an input
 * requires grad, the output remembers its {@link Function}, which links to the functions (or leaf
 * tensors) its inputs came from. {@link #backward} then sorts those functions topologically and
 * walks them in reverse, summing gradients where one tensor fed several ops (every HNE branch split
 * does this), and releasing each node once its backward has run.
 */
public final class Autograd {

    private static final ThreadLocal<Boolean> GRAD_ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);

    private Autograd() {}

    /** Closes a no-grad scope and restores the previous mode. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** {@code try (var scope = Autograd.noGrad()) { ... }}: ops inside record nothing. */
    public static Scope noGrad() {
        boolean previous = GRAD_ENABLED.get();
        GRAD_ENABLED.set(false);
        return () -> GRAD_ENABLED.set(previous);
    }

    /**
     * {@code try (var scope = Autograd.enableGrad()) { ... }}: ops inside record a graph again, even
     * inside a no-grad scope (a {@link Checkpoint} replays its segment this way during backward).
     */
    public static Scope enableGrad() {
        boolean previous = GRAD_ENABLED.get();
        GRAD_ENABLED.set(true);
        return () -> GRAD_ENABLED.set(previous);
    }

    public static boolean isGradEnabled() {
        return GRAD_ENABLED.get();
    }

    /**
     * Links {@code output} to {@code fn} if any input needs a gradient; returns output. An output
     * with storage of its own (not a view of an input) is marked as an intermediate, which lets
     * backward free it once the ops that saved it are done.
     */
    public static Tensor record(Function fn, Tensor output, Tensor... inputs) {
        if (!GRAD_ENABLED.get()) {
            return output;
        }
        for (Tensor input : inputs) {
            if (input.requiresGrad()) {
                fn.link(inputs);
                output.setCreator(fn);
                output.requiresGrad(true);
                if (!sharesStorage(output, inputs)) {
                    output.markIntermediate();
                    for (Tensor t : fn.saved()) {   // an op that saved a view of its own output (ReLU)
                        if (t != null && t.storage() == output.storage()) t.markIntermediate();
                    }
                }
                return output;
            }
        }
        return output;
    }

    static boolean sharesStorage(Tensor output, Tensor[] inputs) {
        for (Tensor input : inputs) {
            if (input != null && input.storage() == output.storage()) return true;
        }
        return false;
    }

    /** Reverse-mode pass from a one-element tensor; gradients of leaves accumulate in their grad(). */
    public static void backward(Tensor root) {
        if (root.size() != 1) {
            throw new IllegalArgumentException("backward() starts from a one-element loss, got shape "
                    + root.shapeString());
        }
        Tensor one = Tensor.full(1f, root.shape()).to(root.backend());
        walk(root, one, true);
    }

    /**
     * Reverse-mode pass from any tensor, given the gradient of the loss with respect to it (the same
     * shape): what a {@link Checkpoint} runs inside the outer pass. The walk never frees
     * {@code gradient}, which stays the caller's.
     */
    public static void backward(Tensor output, Tensor gradient) {
        if (gradient.size() != output.size()) {
            throw new IllegalArgumentException("backward(output, gradient): the gradient has shape "
                    + gradient.shapeString() + " but the output " + output.shapeString());
        }
        walk(output, gradient, false);
    }

    private static void walk(Tensor root, Tensor seed, boolean ownsSeed) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward(): the loss does not depend on any tensor that requires grad");
        }
        if (root.creator() == null) {   // the loss is itself a leaf
            accumulate(root, seed);
            return;
        }
        List<Function> order = reverseTopologicalOrder(root.creator());
        PendingGradients pending = new PendingGradients(order, root.creator(), seed, ownsSeed);
        // gradients are never differentiated, and their memory is the walk's, not a Memory scope's
        try (Scope ignored = noGrad(); var unscoped = Memory.unscoped()) {
            for (Function fn : order) {
                if (fn.isReleased()) {
                    throw new IllegalStateException("backward through " + fn.name() + " a second time: the graph "
                            + "is freed after the first backward; run the forward pass again");
                }
                Tensor gradOut = pending.take(fn);
                Tensor[] gradIn = gradOut == null ? new Tensor[fn.inputCount()] : fn.backward(gradOut);
                for (int i = 0; i < fn.inputCount(); i++) {
                    if (gradIn[i] == null || (fn.producer(i) == null && fn.leaf(i) == null)) {
                        continue;   // an input that needs no gradient
                    }
                    requireSize(fn, i, gradIn[i]);
                    if (fn.producer(i) != null) {
                        pending.add(fn.producer(i), gradIn[i], gradIn, gradOut);
                    } else {
                        accumulate(fn.leaf(i), gradIn[i]);
                    }
                }
                pending.done(fn, gradOut, gradIn);   // frees what is dead now (Recycler)
                fn.release();
            }
        }
    }

    private static void requireSize(Function fn, int input, Tensor grad) {
        if (grad.size() != fn.inputSize(input)) {
            throw new IllegalStateException(fn.name() + ".backward returned a gradient of shape "
                    + grad.shapeString() + " for input " + input + " of " + fn.inputSize(input) + " elements");
        }
    }

    private static void accumulate(Tensor leaf, Tensor gradOut) {
        if (leaf.grad() == null) {
            Tensor own = Tensor.zerosLike(leaf);    // a private copy, for the same reason as in sum()
            leaf.backend().axpy(1f, gradOut.storage(), own.storage());
            leaf.setGrad(own);
        } else {
            leaf.backend().axpy(1f, gradOut.storage(), leaf.grad().storage());
        }
    }

    /** Every function reachable from {@code root}, each after all functions that consume its output. */
    static List<Function> reverseTopologicalOrder(Function root) {
        // Iterative post-order DFS: deep graphs (hundreds of layers) must not overflow the stack.
        List<Function> postOrder = new ArrayList<>();
        Set<Function> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<int[]> nextInput = new ArrayDeque<>();
        Deque<Function> stack = new ArrayDeque<>();
        stack.push(root);
        nextInput.push(new int[] {0});
        visited.add(root);
        while (!stack.isEmpty()) {
            Function fn = stack.peek();
            int[] next = nextInput.peek();
            if (next[0] < fn.inputCount()) {
                Function producer = fn.producer(next[0]++);
                if (producer != null && visited.add(producer)) {
                    stack.push(producer);
                    nextInput.push(new int[] {0});
                }
            } else {
                stack.pop();
                nextInput.pop();
                postOrder.add(fn);
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }
}
