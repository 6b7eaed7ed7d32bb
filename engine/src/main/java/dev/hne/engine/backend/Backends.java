package dev.hne.engine.backend;

import dev.hne.engine.Tensor;
import dev.hne.engine.backend.cpu.CpuBackend;
import dev.hne.engine.backend.cuda.CudaBackend;

/**
 * Backends by name, for command-line flags like {@code --device cuda}. {@link #use} makes the named
 * backend the default for every new tensor of the run (see {@link Tensor#setDefaultBackend}).
 */
public final class Backends {

    private Backends() {}

    /**
     * "cpu" or "cuda". Asking for "cuda" on a machine without a usable GPU throws
     * {@link dev.hne.engine.backend.cuda.CudaUnavailableException} naming the missing library and version.
     */
    public static Backend byName(String name) {
        return switch (name) {
            case "cpu" -> CpuBackend.INSTANCE;
            case "cuda" -> CudaBackend.get();
            default -> throw new IllegalArgumentException("unknown device '" + name + "'; use cpu or cuda");
        };
    }

    /** Makes the named backend the default for new tensors; returns it. */
    public static Backend use(String name) {
        Backend backend = byName(name);
        Tensor.setDefaultBackend(backend);
        return backend;
    }
}
