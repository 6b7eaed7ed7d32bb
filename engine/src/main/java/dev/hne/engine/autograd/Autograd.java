package dev.hne.engine.autograd;

import dev.hne.engine.Tensor;
import dev.hne.engine.backend.BinaryOp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Define-by-run reverse-mode differentiation.
 *
 * <p>Ops call {@link #record} after computing their output; when grad mode is on and an input
 * requires grad, the output remembers its {@link Function}. {@link #backward} then sorts the graph
 * topologically and walks it in reverse, summing gradients where one tensor fed several ops (every
 * HNE branch split does this) and releasing each node once its backward has run.
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

    public static boolean isGradEnabled() {
        return GRAD_ENABLED.get();
    }

    /** Links {@code output} to {@code fn} if any input needs a gradient; returns output. */
    public static Tensor record(Function fn, Tensor output, Tensor... inputs) {
        if (!GRAD_ENABLED.get()) {
            return output;
        }
        for (Tensor input : inputs) {
            if (input.requiresGrad()) {
                fn.setInputs(inputs);
                output.setCreator(fn);
                output.requiresGrad(true);
                return output;
            }
        }
        return output;
    }

    /** Reverse-mode pass from a one-element tensor; gradients of leaves accumulate in their grad(). */
    public static void backward(Tensor root) {
        if (root.size() != 1) {
            throw new IllegalArgumentException("backward() starts from a one-element loss, got shape "
                    + root.shapeString());
        }
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward(): the loss does not depend on any tensor that requires grad");
        }
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, Tensor.full(1f, root.shape()).to(root.backend()));
        try (Scope ignored = noGrad()) {   // gradients themselves are never differentiated
            for (Tensor node : reverseTopologicalOrder(root)) {
                Tensor gradOut = grads.remove(node);
                Function fn = node.creator();
                if (fn == null) {           // a leaf: keep what arrived
                    accumulate(node, gradOut);
                    continue;
                }
                Tensor[] inputs = fn.inputs();
                Tensor[] gradIn = gradOut == null ? new Tensor[inputs.length] : fn.backward(gradOut);
                for (int i = 0; i < inputs.length; i++) {
                    if (gradIn[i] != null && inputs[i].requiresGrad()) {
                        checkShape(fn, inputs[i], gradIn[i]);
                        grads.merge(inputs[i], gradIn[i], Autograd::sum);
                    }
                }
                fn.release();
                node.setCreator(null);
            }
        }
    }

    private static Tensor sum(Tensor a, Tensor b) {
        // A new tensor, never a += b: an op's backward may hand the same gradient object to several
        // inputs (Add returns gradOutput twice), so gradients must be treated as shared and immutable.
        Tensor out = Tensor.zerosLike(a);
        a.backend().binary(BinaryOp.ADD, a.storage(), b.storage(), out.storage());
        return out;
    }

    private static void accumulate(Tensor leaf, Tensor gradOut) {
        if (gradOut == null) {
            return;
        }
        if (leaf.grad() == null) {
            Tensor own = Tensor.zerosLike(leaf);    // a private copy, for the same reason as in sum()
            leaf.backend().axpy(1f, gradOut.storage(), own.storage());
            leaf.setGrad(own);
        } else {
            leaf.backend().axpy(1f, gradOut.storage(), leaf.grad().storage());
        }
    }

    private static void checkShape(Function fn, Tensor input, Tensor grad) {
        if (grad.size() != input.size()) {
            throw new IllegalStateException(fn.name() + ".backward returned a gradient of shape " + grad.shapeString()
                    + " for an input of shape " + input.shapeString());
        }
    }

    /** Every tensor reachable from root through creators, each after all tensors that consume it. */
    static List<Tensor> reverseTopologicalOrder(Tensor root) {
        // Iterative post-order DFS: deep graphs (hundreds of layers) must not overflow the stack.
        List<Tensor> postOrder = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object[]> stack = new ArrayDeque<>();   // {tensor, index of next input to visit}
        stack.push(new Object[] {root, 0});
        visited.add(root);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Tensor[] inputs = t.creator() == null ? new Tensor[0] : t.creator().inputs();
            if (next < inputs.length) {
                frame[1] = next + 1;
                Tensor input = inputs[next];
                if (input.requiresGrad() && visited.add(input)) {
                    stack.push(new Object[] {input, 0});
                }
            } else {
                stack.pop();
                postOrder.add(t);
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }
}
