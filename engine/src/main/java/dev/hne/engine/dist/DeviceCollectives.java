package dev.hne.engine.dist;

import dev.hne.engine.backend.Storage;
import java.util.List;

/** A communicator that reduces device buffers where they are (NCCL on CUDA storages). */
public interface DeviceCollectives {

    /** Whether {@code storage} lives on the device this communicator reduces on. */
    boolean holds(Storage storage);

    /** Each buffer, in place, becomes the element-wise average of that buffer over all ranks. */
    void allreduceAverage(List<Storage> buffers);
}
