package dev.hne.engine.autograd;

import dev.hne.engine.Tensor;
import dev.hne.engine.backend.Storage;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, during one backward walk, when a block of memory is dead and hands it back to its
 * backend ({@code Backend.release}) so the next allocation of that size reuses it.
 *
 * <p>Two kinds of memory die during a backward pass:
 * <ul>
 *   <li><b>Saved activations.</b> Each op lists what its backward reads
 *       ({@link Function#saveForBackward}). An intermediate saved by k ops in the graph is freed
 *       after the k-th of them has run its backward. Only intermediates are counted: a parameter
 *       or an input tensor is never freed.</li>
 *   <li><b>Gradients of intermediates.</b> They live in the walk's table of pending gradients and
 *       nowhere else (a leaf gets its own copy). One gradient object may sit in several slots
 *       (Add hands dy to both inputs), so slots are counted per storage; a gradient is freed when
 *       no slot holds it and the op that consumed it has returned.</li>
 * </ul>
 * Counting is by storage, not by tensor object, because reshape and detach make several tensors
 * over one storage. Nothing is freed that a leaf (parameter, input) or a non-intermediate saved
 * tensor uses, even if an op's backward returned it as a gradient.
 *
 * <p>The cost of this bookkeeping is a few identity-map operations per op; what it buys is that a
 * training step reuses the same arrays every step instead of leaving hundreds of megabytes per step
 * to the garbage collector.
 */
final class Recycler {

    private final Map<Storage, Integer> savedUses = new IdentityHashMap<>();
    private final Map<Storage, Integer> gradientSlots = new IdentityHashMap<>();
    private final Map<Storage, Boolean> untouchable = new IdentityHashMap<>();

    /** Counts the saved intermediates of every function in the walk. */
    Recycler(List<Function> functions) {
        for (Function fn : functions) {
            for (Tensor t : fn.saved()) {
                if (t == null) continue;
                if (t.isIntermediate()) {
                    savedUses.merge(t.storage(), 1, Integer::sum);
                } else {
                    untouchable.put(t.storage(), Boolean.TRUE);
                }
            }
            for (int i = 0; i < fn.inputCount(); i++) {
                if (fn.leaf(i) != null) untouchable.put(fn.leaf(i).storage(), Boolean.TRUE);
            }
        }
    }

    /** Called after fn's backward ran and before fn is released: its saved tensors lose a reader. */
    void backwardDone(Function fn) {
        for (Tensor t : fn.saved()) {
            if (t == null || !t.isIntermediate()) continue;
            Storage s = t.storage();
            Integer left = savedUses.get(s);
            if (left == null) continue;
            if (left > 1) {
                savedUses.put(s, left - 1);
            } else {
                savedUses.remove(s);
                if (!gradientSlots.containsKey(s) && !untouchable.containsKey(s)) {
                    s.backend().release(s);
                }
            }
        }
    }

    /** Memory this walk must leave alone (the caller's seed gradient). */
    void neverFree(Tensor t) {
        untouchable.put(t.storage(), Boolean.TRUE);
    }

    /** A gradient was put in a pending slot. */
    void hold(Tensor gradient) {
        gradientSlots.merge(gradient.storage(), 1, Integer::sum);
    }

    /** A pending slot let go of a gradient (consumed, or replaced by a sum). */
    void unhold(Tensor gradient) {
        gradientSlots.computeIfPresent(gradient.storage(), (s, n) -> n > 1 ? n - 1 : null);
    }

    /** Whether exactly one pending slot holds this gradient's storage (so it may be added to in place). */
    boolean isSoleHolder(Tensor gradient) {
        Storage s = gradient.storage();
        return gradientSlots.getOrDefault(s, 0) == 1 && !savedUses.containsKey(s) && !untouchable.containsKey(s);
    }

    /** Frees a gradient if no slot holds it and nothing else may read it. */
    void releaseIfDead(Tensor gradient) {
        Storage s = gradient.storage();
        if (!gradientSlots.containsKey(s) && !savedUses.containsKey(s) && !untouchable.containsKey(s)) {
            s.backend().release(s);
        }
    }
}
