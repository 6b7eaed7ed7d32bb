package dev.hne.engine.nn;

import dev.hne.engine.Tensor;

/**
 * A trainable tensor plus what kind of weight it is, so that optimizers can treat kinds differently
 * (for example no weight decay on batch-norm scales and on biases).
 */
public final class Parameter {

    /** What a parameter is for. */
    public enum Kind { WEIGHT, BIAS, NORM }

    private Tensor value;
    private final Kind kind;

    public Parameter(Tensor value, Kind kind) {
        this.value = value.requiresGrad(true);
        this.kind = kind;
    }

    /** The leaf tensor that forward passes read and backward fills with a gradient. */
    public Tensor value() {
        return value;
    }

    public Kind kind() {
        return kind;
    }

    public Tensor grad() {
        return value.grad();
    }

    public void zeroGrad() {
        value.setGrad(null);
    }

    /** Replaces the data (checkpoint loading, moving to another backend); the shape must not change. */
    public void set(Tensor newValue) {
        if (!java.util.Arrays.equals(newValue.shape(), value.shape())) {
            throw new IllegalArgumentException("parameter of shape " + value.shapeString()
                    + " cannot take a tensor of shape " + newValue.shapeString());
        }
        this.value = newValue.detach().requiresGrad(true);
    }
}
