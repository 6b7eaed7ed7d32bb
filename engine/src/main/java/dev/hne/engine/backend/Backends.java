package dev.hne.engine.backend;

import dev.hne.engine.Tensor;

/**
 * Backends by name, for command-line flags like {@code --device cuda}. {@link #use} makes the named
 * backend the default for every new tensor of the run (see {@link Tensor#setDefaultBackend}).
 */
public final class Backends {

    private Backends() {}

    /**
     * "cpu" or "cuda" ({@link Device}). Asking for "cuda" on a machine without a usable GPU throws
     * {@link dev.hne.engine.backend.cuda.CudaUnavailableException} naming the missing library and version.
     */
    public static Backend byName(String name) {
        return Device.parse(name).backend();
    }

    /** Makes the named backend the default for new tensors; returns it. */
    public static Backend use(String name) {
        return use(Device.parse(name));
    }

    /** Makes the device's backend the default for new tensors; returns it. */
    public static Backend use(Device device) {
        Backend backend = device.backend();
        Tensor.setDefaultBackend(backend);
        return backend;
    }
}
