package dev.hne.bench.peer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The PyTorch peer of {@code dev.hne.bench.AnytimeLatencyBenchmark}: the same tree
 * ({@link TorchHneTree}, loaded with our initial weights), the same parameters, eval mode, no
 * grad (no parameter requires it, so autograd records nothing), natural order, the first n
 * members' nodes only. PyTorch runs 2 intra-op threads and 1 inter-op thread.
 *
 * <p>Needs the peer build (-Ppeer) and, in the environment of the {@code java -jar} command,
 * {@code DJL_OFFLINE=true OPT_OUT_TRACKING=true} and {@code LD_PRELOAD=...libtcmalloc_minimal.so.4}
 * (JMH forks inherit the environment); see {@link PeerSetup} and docs/performance.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-Dhne.threads=2",
        "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true",
        "-Dai.djl.pytorch.num_threads=2", "-Dai.djl.pytorch.num_interop_threads=1"})
public class PeerAnytimeLatencyBenchmark {

    @Param({"resnet-hne", "resnet-hne-small"})
    public String arch;

    @Param({"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16"})
    public int n;

    @Param({"1", "64"})
    public int batch;

    @Param({"cpu"})
    public String device;

    private NDManager manager;
    private TorchHneTree tree;
    private NDArray x;

    @Setup(Level.Trial)
    public void setup() {
        PeerSetup.requireCpu(device);
        manager = PeerSetup.start();
        tree = PeerSetup.tree(manager, arch, 1);
        if (n < 1 || n > tree.leaves()) {
            throw new IllegalArgumentException(arch + " has " + tree.leaves() + " members; n = " + n + " is outside 1.."
                    + tree.leaves());
        }
        Random rng = new Random(2);
        float[] img = new float[batch * 3 * 32 * 32];
        for (int i = 0; i < img.length; i++) img[i] = (float) rng.nextGaussian();
        x = manager.create(img, new Shape(batch, 3, 32, 32));
    }

    @Benchmark
    public float firstN() {
        // every intermediate belongs to this call's scope and is freed when it closes
        try (NDManager scope = manager.newSubManager()) {
            x.tempAttach(scope);
            return tree.ensembleFirst(x, n).getFloat(0, 0);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        manager.close();
    }
}
