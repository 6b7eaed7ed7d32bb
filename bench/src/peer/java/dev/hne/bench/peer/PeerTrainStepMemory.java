package dev.hne.bench.peer;

import ai.djl.ndarray.NDManager;
import dev.hne.bench.TrainStepMemory;
import java.util.Locale;

/**
 * The PyTorch peer's side of {@code dev.hne.bench.TrainStepMemory}: the same full-tree training
 * steps ({@link TorchTrainStep}, default resnet-hne, batch 128, 4 steps), their times, and the
 * process's resident-set high-water mark (VmHWM: PyTorch's native memory, the JVM around it).
 * PyTorch keeps every activation backward reads (no checkpointing), as eager training does.
 * <pre>
 *   DJL_OFFLINE=true OPT_OUT_TRACKING=true LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 \
 *   java -Xmx1g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
 *        -cp bench/target/benchmarks.jar dev.hne.bench.peer.PeerTrainStepMemory [arch] [batch] [steps]
 * </pre>
 */
public final class PeerTrainStepMemory {

    public static void main(String[] args) throws Exception {
        String arch = args.length > 0 ? args[0] : "resnet-hne";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        try (NDManager manager = PeerSetup.start()) {
            TorchTrainStep step = new TorchTrainStep(manager, PeerSetup.tree(manager, arch, 1), batch, 3, 32, 10, 1);
            for (int s = 0; s < steps; s++) {
                long t0 = System.nanoTime();
                float loss = step.step();
                System.out.printf(Locale.ROOT, "step %d: %.0f ms, loss %.3f%n", s, (System.nanoTime() - t0) / 1e6, loss);
            }
        }
        System.out.printf(Locale.ROOT, "PyTorch %s batch %d, %d steps%n", arch, batch, steps);
        System.out.printf(Locale.ROOT, "RSS high-water mark (VmHWM): %6d MiB%n", TrainStepMemory.vmHwmKib() >> 10);
    }
}
