package dev.hne.bench;

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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of the full {@code resnet-hne} tree (all 16 leaves): forward in training mode,
 * L_I + L_HD, backward, SGD (see {@link TrainStepWorkload}). CIFAR input, batch 64 and 128.
 *
 * <pre>
 *   java -jar bench/target/benchmarks.jar TrainStepBenchmark -rf json -rff train.json
 * </pre>
 * A step takes seconds and the first few are slower while the JIT compiles, so an iteration lasts
 * 5 s (warm-up iterations included): with -wi 2 -i 3 that is a handful of steps per side. The
 * peer, {@code dev.hne.bench.peer.PeerTrainStepBenchmark}, has the same parameters. Peak memory of
 * a step: {@link TrainStepMemory}. -Xmx12g: with the JVM's default (a quarter of this machine's
 * 24 GiB) the batch-128 step of the engine as of 2026-11-23 ran out of heap; the limit is a ceiling
 * for the time measurement, not a statement of what the step needs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-Dhne.threads=2", "-Xmx12g"})
public class TrainStepBenchmark {

    @Param({"resnet-hne"})
    public String arch;

    @Param({"64", "128"})
    public int batch;

    @Param({"cpu"})
    public String device;

    private TrainStepWorkload workload;

    @Setup(Level.Trial)
    public void setup() {
        workload = new TrainStepWorkload(arch, batch, device, 1);
    }

    @Benchmark
    public float step() {
        return workload.step();
    }
}
