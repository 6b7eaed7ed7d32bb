package dev.hne.engine.io;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link SafeTensors#read} returns: the named tensors of one file and its free-form string
 * metadata (the header's {@code "__metadata__"} object, empty when absent).
 *
 * <p>{@code tensors} iterates in header order, the order the names appear in the JSON header. For
 * files written by {@link SafeTensors#write} that is also the order of the data; other writers
 * (the Python {@code safetensors} package) may sort names differently from their data layout.
 * It is a plain result, not a live view of the file: nothing is memory-mapped or kept open.
 */
public record Checkpoint(LinkedHashMap<String, HostTensor> tensors, Map<String, String> metadata) {

    public Checkpoint {
        if (tensors == null || metadata == null) {
            throw new IllegalArgumentException("Checkpoint: tensors and metadata must not be null");
        }
    }

    /** The tensor called {@code name}; throws if there is none, naming what there is. */
    public HostTensor get(String name) {
        HostTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("Checkpoint: no tensor named \"" + name + "\"; it has " + tensors.keySet());
        }
        return tensor;
    }
}
