package dev.hne.engine.dist;

import dev.hne.engine.Tensor;
import dev.hne.engine.nn.Module;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives every rank rank 0's weights and buffers (batch-norm statistics) before training starts, so
 * all ranks begin from the same point whatever they initialised or loaded themselves. The state dict
 * is broadcast tensor by tensor (once per run: latency does not matter here).
 */
public final class StateBroadcast {

    private StateBroadcast() {}

    public static void fromRankZero(Communicator comm, Module module) {
        if (comm.size() == 1) {
            return;
        }
        Map<String, Tensor> received = new LinkedHashMap<>();
        module.stateDict().forEach((name, t) -> {
            float[] data = t.toArray();
            comm.broadcast(data, 0);
            received.put(name, new Tensor(t.backend().upload(data), t.shape()));
        });
        module.loadStateDict(received);
    }
}
