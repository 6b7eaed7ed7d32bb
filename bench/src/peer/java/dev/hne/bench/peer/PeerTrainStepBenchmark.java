package dev.hne.bench.peer;

import ai.djl.ndarray.NDManager;
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
 * The PyTorch peer of {@code dev.hne.bench.TrainStepBenchmark}: one full-tree training step
 * ({@link TorchTrainStep}) with the same parameters. Environment: see {@link PeerAnytimeLatencyBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-Dhne.threads=2",
        "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true",
        "-Dai.djl.pytorch.num_threads=2", "-Dai.djl.pytorch.num_interop_threads=1"})
public class PeerTrainStepBenchmark {

    @Param({"resnet-hne"})
    public String arch;

    @Param({"64", "128"})
    public int batch;

    @Param({"cpu"})
    public String device;

    private NDManager manager;
    private TorchTrainStep step;

    @Setup(Level.Trial)
    public void setup() {
        PeerSetup.requireCpu(device);
        manager = PeerSetup.start();
        TorchHneTree tree = PeerSetup.tree(manager, arch, 1);
        step = new TorchTrainStep(manager, tree, batch, 3, 32, 10, 1);
    }

    @Benchmark
    public float step() {
        return step.step();
    }

    @TearDown(Level.Trial)
    public void close() {
        manager.close();
    }
}
