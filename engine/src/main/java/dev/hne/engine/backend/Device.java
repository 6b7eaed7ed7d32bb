package dev.hne.engine.backend;

import dev.hne.engine.backend.cpu.CpuBackend;
import dev.hne.engine.backend.cuda.CudaBackend;

/** The devices a run can compute on, by the names of the {@code --device} option. */
public enum Device {
    CPU("cpu"),
    CUDA("cuda");

    /** The names {@link #parse} knows, for messages. */
    public static final String NAMES = "cpu or cuda";

    private final String cliName;

    Device(String cliName) {
        this.cliName = cliName;
    }

    /** "cpu" or "cuda". */
    public String cliName() {
        return cliName;
    }

    /**
     * Its backend. For CUDA on a machine without a usable GPU this throws
     * {@link dev.hne.engine.backend.cuda.CudaUnavailableException} naming the missing library and version.
     */
    public Backend backend() {
        return switch (this) {
            case CPU -> CpuBackend.INSTANCE;
            case CUDA -> CudaBackend.get();
        };
    }

    /** @throws IllegalArgumentException for a name that is none of {@link #NAMES} */
    public static Device parse(String name) {
        for (Device d : values()) {
            if (d.cliName.equals(name)) return d;
        }
        throw new IllegalArgumentException("unknown device '" + name + "'; use " + NAMES);
    }
}
