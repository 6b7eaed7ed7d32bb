package dev.hne.engine.optim;

import dev.hne.engine.Tensor;
import dev.hne.engine.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, Nesterov momentum and L2 weight decay, with the same
 * update as PyTorch's torch.optim.SGD (dampening 0); each parameter's step is one fused backend call.
 * Weight decay can skip batch-norm parameters and biases ({@code decayNormAndBias = false}), the
 * common recipe for ResNets.
 */
public final class Sgd {

    /** Hyper-parameters other than the learning rate, which comes from a schedule at each step. */
    public record Options(float momentum, float weightDecay, boolean nesterov, boolean decayNormAndBias) {
        public Options {
            if (momentum < 0 || weightDecay < 0) {
                throw new IllegalArgumentException("SGD: momentum and weight decay must be >= 0, got " + momentum
                        + " and " + weightDecay);
            }
            if (nesterov && momentum == 0) {
                throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0");
            }
        }
    }

    private final Map<String, Parameter> parameters;
    private final Options options;
    private final Map<String, Tensor> velocity = new LinkedHashMap<>();

    public Sgd(Map<String, Parameter> parameters, Options options) {
        this.parameters = new LinkedHashMap<>(parameters);
        this.options = options;
        parameters.forEach((name, p) -> velocity.put(name, Tensor.zerosLike(p.value())));
    }

    /** Applies one update with learning rate {@code lr} to every parameter that has a gradient. */
    public void step(float lr) {
        parameters.forEach((name, p) -> {
            Tensor grad = p.grad();
            if (grad == null) {
                return;   // not reached by this loss (e.g. a leaf outside the evaluated sub-tree)
            }
            boolean decay = options.decayNormAndBias() || p.kind() == Parameter.Kind.WEIGHT;
            p.value().backend().sgdUpdate(p.value().storage(), grad.storage(), velocity.get(name).storage(), lr,
                    options.momentum(), decay ? options.weightDecay() : 0f, options.nesterov());
        });
    }

    public void zeroGrad() {
        parameters.values().forEach(Parameter::zeroGrad);
    }

    /** The momentum buffers by parameter name, for checkpoints ("velocity." prefix is the caller's). */
    public Map<String, Tensor> state() {
        return java.util.Collections.unmodifiableMap(velocity);
    }

    /** Restores momentum buffers saved by {@link #state()}. */
    public void loadState(Map<String, Tensor> state) {
        for (var e : velocity.entrySet()) {
            Tensor saved = state.get(e.getKey());
            if (saved == null || saved.size() != e.getValue().size()) {
                throw new IllegalArgumentException("SGD state has no velocity of " + e.getValue().size()
                        + " elements for parameter '" + e.getKey() + "'");
            }
            // a copy: the next step updates the buffer in place, which must not write into the caller's tensor
            e.setValue(Tensor.of(saved.toArray(), e.getValue().shape()).to(e.getValue().backend()));
        }
    }
}
