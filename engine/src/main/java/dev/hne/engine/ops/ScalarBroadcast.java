package dev.hne.engine.ops;

import dev.hne.engine.Tensor;

/**
 * A one-element tensor spread over a whole shape, on its own backend, without reading it on the
 * host: {@code dy.item()} in a backward would make the host wait for the GPU to finish everything
 * queued so far, once per loss term. The backend's addBias with one "channel" adds s[0] to every
 * element of zeros, which gives s[0] exactly.
 */
final class ScalarBroadcast {

    private ScalarBroadcast() {}

    /** A new tensor of {@code shape} whose every element is {@code scalar}'s one value. */
    static Tensor fill(Tensor scalar, int[] shape) {
        if (scalar.size() != 1) {
            throw new IllegalArgumentException("broadcast of a scalar: got shape " + scalar.shapeString());
        }
        Tensor out = Tensor.zeros(scalar.backend(), shape);
        scalar.backend().addBias(out.storage(), scalar.storage(), 1, 1, Math.toIntExact(out.size()), out.storage());
        return out;
    }
}
