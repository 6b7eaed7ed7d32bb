package dev.hne.engine.autograd;

import dev.hne.engine.Tensor;
import dev.hne.engine.backend.BinaryOp;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backward walk's table of gradients not consumed yet: per function, the gradient of its output,
 * summed over every op that read that output (at every HNE branch split, one tensor feeds several
 * ops). It adds a contribution in place when nobody else can see the pending sum, and asks the
 * {@link Recycler} to free each gradient and saved tensor once it is dead. {@code Autograd.backward}
 * is the walk itself and stays short; the bookkeeping is here.
 */
final class PendingGradients {

    private final Map<Function, Tensor> grads = new IdentityHashMap<>();
    private final Recycler memory;

    /**
     * The walk over {@code order}, seeded with the loss's gradient {@code seed} at {@code root}; the
     * walk frees the seed once used only if it {@code ownsSeed} (a caller's gradient stays the caller's).
     */
    PendingGradients(List<Function> order, Function root, Tensor seed, boolean ownsSeed) {
        memory = new Recycler(order);
        grads.put(root, seed);
        memory.hold(seed);
        if (!ownsSeed) {
            memory.neverFree(seed);
        }
    }

    /** Removes and returns the gradient of fn's output (null when no path from the loss reached it). */
    Tensor take(Function fn) {
        return grads.remove(fn);
    }

    /**
     * Adds {@code g}, one gradient of {@code fn}'s backward (its other results {@code gradIn}, its
     * input {@code gradOut}), to the pending gradient of {@code producer}'s output.
     */
    void add(Function producer, Tensor g, Tensor[] gradIn, Tensor gradOut) {
        Tensor pending = grads.get(producer);
        if (pending == null) {
            grads.put(producer, g);
            memory.hold(g);
        } else if (memory.isSoleHolder(pending) && !Autograd.sharesStorage(pending, gradIn)
                && (gradOut == null || pending.storage() != gradOut.storage())) {
            // Nobody else can see the pending sum: add in place, no new tensor.
            pending.backend().axpy(1f, g.storage(), pending.storage());
        } else {
            Tensor merged = sum(pending, g);
            grads.put(producer, merged);
            memory.hold(merged);
            memory.unhold(pending);
            memory.releaseIfDead(pending);
        }
    }

    /** After fn's backward: what it read or returned and no pending slot holds is dead, and so is what it saved. */
    void done(Function fn, Tensor gradOut, Tensor[] gradIn) {
        if (gradOut != null) {
            memory.unhold(gradOut);
            memory.releaseIfDead(gradOut);
        }
        for (Tensor g : gradIn) {
            if (g != null) memory.releaseIfDead(g);
        }
        memory.backwardDone(fn);
    }

    private static Tensor sum(Tensor a, Tensor b) {
        // A new tensor, not a += b, when a may be seen elsewhere: an op's backward may hand the same
        // gradient object to several inputs (Add returns gradOutput twice).
        Tensor out = Tensor.emptyLike(a);
        a.backend().binary(BinaryOp.ADD, a.storage(), b.storage(), out.storage());
        return out;
    }
}
