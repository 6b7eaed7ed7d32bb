package dev.hne.engine.nn;

import dev.hne.engine.Tensor;
import dev.hne.engine.backend.Backend;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A layer or a network: a forward function plus named parameters, buffers (non-trained state such
 * as batch-norm running statistics) and child modules, registered in order. Names compose with dots
 * into PyTorch-style state-dict keys such as {@code blocks.1.0.conv1.weight}.
 *
 * <p>Subclasses register what they own in their constructor and implement {@link #forward}.
 * Composition, not inheritance chains: a network is a tree of small modules.
 */
public abstract class Module {

    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    public abstract Tensor forward(Tensor x);

    // ---------------------------------------------------------------- registration

    protected final Parameter register(String name, Parameter parameter) {
        checkFree(name);
        parameters.put(name, parameter);
        return parameter;
    }

    protected final Tensor registerBuffer(String name, Tensor buffer) {
        checkFree(name);
        buffers.put(name, buffer);
        return buffer;
    }

    protected final <M extends Module> M register(String name, M child) {
        checkFree(name);
        children.put(name, child);
        return child;
    }

    /** Buffers are replaced, not mutated, when loaded; modules read them back by name. */
    protected final Tensor buffer(String name) {
        return buffers.get(name);
    }

    private void checkFree(String name) {
        if (name.isEmpty() || name.contains(".") || parameters.containsKey(name) || buffers.containsKey(name)
                || children.containsKey(name)) {
            throw new IllegalArgumentException("module " + getClass().getSimpleName() + ": bad or duplicate name '"
                    + name + "'");
        }
    }

    public Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    // ---------------------------------------------------------------- traversal

    /** Every parameter of this module and its descendants, by dotted name, in registration order. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out, null);
        return out;
    }

    /** Every buffer of this module and its descendants, by dotted name. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", null, out);
        return out;
    }

    private void collect(String prefix, Map<String, Parameter> params, Map<String, Tensor> bufs) {
        if (params != null) parameters.forEach((n, p) -> params.put(prefix + n, p));
        if (bufs != null) buffers.forEach((n, b) -> bufs.put(prefix + n, b));
        children.forEach((n, c) -> c.collect(prefix + n + ".", params, bufs));
    }

    public long parameterCount() {
        return namedParameters().values().stream().mapToLong(p -> p.value().size()).sum();
    }

    // ---------------------------------------------------------------- mode

    public final boolean isTraining() {
        return training;
    }

    /** Training mode (batch statistics in batch norm) for this module and all descendants. */
    public final Module train(boolean on) {
        training = on;
        children.values().forEach(c -> c.train(on));
        return this;
    }

    public final Module eval() {
        return train(false);
    }

    // ---------------------------------------------------------------- state dict

    /** Parameters and buffers by PyTorch-style names, in PyTorch's order; the live tensors, not copies. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    // PyTorch's order: each module's own parameters, then its buffers, then its children.
    private void collectState(String prefix, Map<String, Tensor> out) {
        parameters.forEach((n, p) -> out.put(prefix + n, p.value()));
        buffers.forEach((n, b) -> out.put(prefix + n, b));
        children.forEach((n, c) -> c.collectState(prefix + n + ".", out));
    }

    /**
     * Loads every entry of the state dict; the names and shapes must match exactly (no missing or
     * unexpected keys), and the error lists what differs.
     */
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> expected = stateDict();
        if (!expected.keySet().equals(state.keySet())) {
            var missing = new java.util.TreeSet<>(expected.keySet());
            missing.removeAll(state.keySet());
            var unexpected = new java.util.TreeSet<>(state.keySet());
            unexpected.removeAll(expected.keySet());
            throw new IllegalArgumentException("state dict does not match the model: missing " + missing
                    + ", unexpected " + unexpected);
        }
        for (var e : state.entrySet()) {
            Tensor want = expected.get(e.getKey());
            if (!Arrays.equals(want.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("state dict entry '" + e.getKey() + "' has shape "
                        + e.getValue().shapeString() + ", the model expects " + want.shapeString());
            }
        }
        applyState("", state);
    }

    private void applyState(String prefix, Map<String, Tensor> state) {
        parameters.forEach((n, p) -> p.set(state.get(prefix + n).to(p.value().backend())));
        buffers.replaceAll((n, b) -> state.get(prefix + n).detach().to(b.backend()));
        children.forEach((n, c) -> c.applyState(prefix + n + ".", state));
    }

    /** Moves every parameter and buffer to another backend. */
    public Module to(Backend backend) {
        parameters.values().forEach(p -> p.set(p.value().to(backend)));
        buffers.replaceAll((n, b) -> b.to(backend));
        children.values().forEach(c -> c.to(backend));
        return this;
    }
}
