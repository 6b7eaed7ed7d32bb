package dev.hne.engine.io;

import dev.hne.engine.Tensor;
import dev.hne.engine.nn.Module;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves and loads a module's state dict (parameters and buffers by PyTorch-style name) as a
 * safetensors file, the engine's checkpoint format. The file opens in any safetensors reader, e.g.
 * {@code safetensors.torch.load_file} followed by PyTorch's {@code load_state_dict}.
 */
public final class StateDictFile {

    private StateDictFile() {}

    /** Writes the tensors (copied to the host) atomically, with free-form string metadata. */
    public static void save(Path file, Map<String, Tensor> state, Map<String, String> metadata) throws IOException {
        Map<String, HostTensor> host = new LinkedHashMap<>();
        state.forEach((name, t) -> host.put(name, new HostTensor(t.shape(), t.toArray())));
        SafeTensors.write(file, host, metadata);
    }

    public static void save(Path file, Module module, Map<String, String> metadata) throws IOException {
        save(file, module.stateDict(), metadata);
    }

    /** Reads every tensor of the file onto the default backend, in header order. */
    public static Map<String, Tensor> read(Path file) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        SafeTensors.read(file).tensors().forEach((name, t) -> out.put(name, Tensor.of(t.data(), t.shape())));
        return out;
    }

    /**
     * Loads the file into the module. A file whose names or shapes do not match the module is
     * rejected with a message naming the file and the differences; the module is then unchanged.
     */
    public static void load(Path file, Module module) throws IOException {
        Map<String, Tensor> state = read(file);
        try {
            module.loadStateDict(state);
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(file, e.getMessage());
        }
    }
}
