package dev.hne.bench;

import dev.hne.anytime.AnytimeWorkload;
import dev.hne.engine.Tensor;
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
 * Anytime latency of {@code mobilenet-hne} (N = 8 members), as {@link AnytimeLatencyBenchmark} does
 * for the ResNet trees; a class of its own because its n only goes to 8 (JMH takes the cross
 * product of all parameter values, so one class would ask for n = 9..16 of an 8-member tree).
 *
 * <p>Input: ImageNet's 3x224x224 by default. At batch 64 one call evaluates up to 64 x 602M MACs
 * (seconds on 2 cores); {@code -p resolution=112} gives a quick run with the same layers (a quarter
 * of the MACs). The report's MMACs follow the resolution.
 * <pre>
 *   java -jar bench/target/benchmarks.jar AnytimeLatencyMobilenetBenchmark -p batch=1 -rf json -rff mobilenet.json
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-Dhne.threads=2"})
public class AnytimeLatencyMobilenetBenchmark {

    @Param({"mobilenet-hne"})
    public String arch;

    @Param({"1", "2", "3", "4", "5", "6", "7", "8"})
    public int n;

    @Param({"1", "64"})
    public int batch;

    @Param({"cpu"})
    public String device;

    @Param({"224"})
    public int resolution;

    private AnytimeWorkload workload;

    @Setup(Level.Trial)
    public void setup() {
        workload = AnytimeWorkload.create(arch, batch, resolution, device, 1);
        BenchChecks.requireMember(arch, n, workload.leaves());
    }

    @Benchmark
    public Tensor firstN() {
        return workload.run(n);
    }
}
