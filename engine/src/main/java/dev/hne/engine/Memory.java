package dev.hne.engine;

import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.backend.Storage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Memory scopes for inference (the idea of DJL's NDManager):
 * <pre>
 *   try (var scope = Memory.scope()) {
 *       Tensor h = layer1.forward(x);
 *       return scope.keep(layer2.forward(h));   // h goes back to the backend's cache at the brace
 *   }
 * </pre>
 * A scope owns every tensor that {@link Tensor#empty} or {@link Tensor#zeros} (so every op) makes
 * while it is the innermost open scope on this thread and gradients are off; closing it releases
 * them ({@code Backend.release}: the memory is reused by the next allocation of that size, and any
 * later use of a released tensor throws). {@link Scope#keep} exempts a tensor (and every view of
 * its storage) and hands it to the enclosing scope, if there is one, which then decides its fate.
 *
 * <p>What a scope never releases: anything made while gradients are recorded (training memory is
 * the backward walk's job, see {@code autograd/Recycler}), anything made outside it (the scope's
 * inputs, parameters, buffers) and uploads ({@link Tensor#of}). So a model built inside a no-grad
 * scope would lose its zero-initialised buffers: build models outside.
 *
 * <p>Why a ThreadLocal stack: {@code Tensor.empty} is called deep inside every op, and threading a
 * scope argument through every op and layer signature would be worse than one per-thread stack
 * (the same choice as {@link Autograd#noGrad}); each thread (a server's request threads, say) has
 * its own scopes. No flag is global or static-mutable: the state is the stack of open scopes.
 */
public final class Memory {

    private static final ThreadLocal<Deque<Scope>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    private Memory() {}

    /** Opens a scope nested in the current one (if any); close it with try-with-resources. */
    public static Scope scope() {
        return push(true);
    }

    /**
     * Opens a scope that owns nothing, so that no enclosing scope owns what is made inside it: the
     * backward walk runs in one (it allocates gradients with grad mode off, but their memory is
     * the Recycler's, and a parameter's gradient must outlive any scope the caller opened).
     */
    public static Scope unscoped() {
        return push(false);
    }

    private static Scope push(boolean owning) {
        Deque<Scope> open = OPEN.get();
        Scope scope = new Scope(open.peek(), owning);
        open.push(scope);
        return scope;
    }

    /**
     * Whether memory allocated now is a scope's scratch: gradients are off, the innermost scope owns
     * what is made, and no {@link #unscoped} region is open (a backward walk, a checkpoint). Such
     * memory is released when its scope closes, so the CPU cache may hand it a somewhat larger
     * free array; everything else (training activations and gradients) gets an exact size
     * ({@code backend/cpu/BufferPool}).
     */
    public static boolean isScratch() {
        if (Autograd.isGradEnabled()) {
            return false;
        }
        Deque<Scope> open = OPEN.get();
        if (open.isEmpty()) {
            return false;
        }
        for (Scope s : open) {
            if (!s.owning) return false;
        }
        return true;
    }

    /** Called by the Tensor factories on every new storage: the innermost scope owns it when grad is off. */
    static void track(Tensor t) {
        Scope innermost = OPEN.get().peek();
        if (innermost != null && innermost.owning && !Autograd.isGradEnabled()) {
            innermost.owned.add(t.storage());
        }
    }

    /** One open scope: the storages it owns, released at {@link #close}. */
    public static final class Scope implements AutoCloseable {

        private final Scope parent;
        private final boolean owning;
        private final List<Storage> owned = new ArrayList<>();   // few per scope: a list scan is enough
        private boolean closed;

        private Scope(Scope parent, boolean owning) {
            this.parent = parent;
            this.owning = owning;
        }

        /**
         * Exempts {@code t} from this scope's release and returns it: the enclosing scope owns it
         * now (nothing does when this is the outermost). Keeping a tensor this scope does not own
         * (an input, a parameter) does nothing.
         */
        public Tensor keep(Tensor t) {
            Storage s = t.storage();
            if (owned.removeIf(o -> o == s) && parent != null && parent.owning) {
                parent.owned.add(s);
            }
            return t;
        }

        /** {@link #keep} for each tensor of a list, which it returns. */
        public List<Tensor> keep(List<Tensor> tensors) {
            tensors.forEach(this::keep);
            return tensors;
        }

        /** Releases every storage this scope still owns; scopes close innermost first. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            Deque<Scope> open = OPEN.get();
            if (open.peek() != this) {
                throw new IllegalStateException("memory scopes must close innermost first (use try-with-resources)");
            }
            open.pop();
            closed = true;
            for (Storage s : owned) s.backend().release(s);
            owned.clear();
        }
    }
}
