package dev.hne.bench.peer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.hne.engine.Tensor;
import dev.hne.tree.Architectures;
import dev.hne.tree.HneTree;
import dev.hne.tree.TreeBuilder;
import dev.hne.tree.TreeSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every peer benchmark does first: refuse to start unless DJL is kept off the network, load
 * PyTorch, and build the peer tree from OUR tree's initial weights (same seed as our benchmarks).
 *
 * <p>Why the check: without offline mode DJL may download native libraries and, outside offline
 * mode and without OPT_OUT_TRACKING, probe a cloud metadata address at start-up. The PyTorch
 * native library comes from Maven Central inside benchmarks.jar, so nothing is needed from the
 * network. The check runs before any DJL class is touched.
 */
public final class PeerSetup {

    /** The command prefix that satisfies {@link #requireOffline}, for the error message and the docs. */
    public static final String ENV = "DJL_OFFLINE=true OPT_OUT_TRACKING=true"
            + " LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4";

    private PeerSetup() {}

    /** Throws unless DJL_OFFLINE and OPT_OUT_TRACKING are "true" in the environment and ai.djl.offline is set. */
    public static void requireOffline() {
        StringBuilder missing = new StringBuilder();
        if (!"true".equals(System.getenv("DJL_OFFLINE"))) missing.append(" environment DJL_OFFLINE=true;");
        if (!"true".equals(System.getenv("OPT_OUT_TRACKING"))) missing.append(" environment OPT_OUT_TRACKING=true;");
        if (!"true".equals(System.getProperty("ai.djl.offline"))) missing.append(" -Dai.djl.offline=true;");
        if (missing.length() > 0) {
            throw new IllegalStateException("the PyTorch peer must run offline; missing:" + missing
                    + " run as: " + ENV + " java -jar bench/target/benchmarks.jar ... (see docs/performance.md)");
        }
    }

    /** Loads PyTorch (offline) and says which threads and allocator it runs with. */
    public static NDManager start() {
        requireOffline();
        Engine engine = Engine.getEngine("PyTorch");
        String preload = System.getenv("LD_PRELOAD");
        System.out.printf("%npeer: %s %s, intra-op threads %s, inter-op threads %s, LD_PRELOAD %s%n", engine.getEngineName(),
                engine.getVersion(), System.getProperty("ai.djl.pytorch.num_threads", "(default)"),
                System.getProperty("ai.djl.pytorch.num_interop_threads", "(default)"),
                preload == null ? "not set (glibc malloc: the peer is NOT at its best)" : preload);
        return engine.newBaseManager();
    }

    /** Our tree's initial state dict (seed as in our benchmarks) as host arrays. */
    public static Map<String, TorchHneTree.HostArray> ourInitialState(TreeSpec spec, long seed) {
        HneTree ours = TreeBuilder.hne(spec, seed);
        Map<String, TorchHneTree.HostArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : ours.stateDict().entrySet()) {
            long[] shape = Arrays.stream(e.getValue().shape()).asLongStream().toArray();
            out.put(e.getKey(), new TorchHneTree.HostArray(shape, e.getValue().toArray()));
        }
        return out;
    }

    /** The peer of our {@code arch} on its default (CIFAR) input. */
    public static TorchHneTree tree(NDManager manager, String arch, long seed) {
        TreeSpec spec = Architectures.byName(arch, Architectures.defaultInput(arch));
        return new TorchHneTree(manager, spec, ourInitialState(spec, seed));
    }

    /** "cpu" only: where a GPU peer would pick its device. */
    public static void requireCpu(String device) {
        if (!"cpu".equals(device)) {
            throw new UnsupportedOperationException("peer device " + device + ": only cpu (pytorch-native-cpu) is built");
        }
    }
}
