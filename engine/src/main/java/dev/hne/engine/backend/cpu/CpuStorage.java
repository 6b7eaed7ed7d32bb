package dev.hne.engine.backend.cpu;

import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.Storage;

/** CPU memory: a plain float array. */
public record CpuStorage(float[] data) implements Storage {

    @Override
    public long size() {
        return data.length;
    }

    @Override
    public Backend backend() {
        return CpuBackend.INSTANCE;
    }
}
