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
 * Anytime latency of the ResNet HNE trees (N = 16): the ensemble of the first n members, eval mode,
 * no grad, natural order, only the nodes on those members' paths computed; CIFAR input 3x32x32.
 * The timed call is {@link AnytimeWorkload#run}, the same one {@code ./hne bench} times.
 * {@code mobilenet-hne} (N = 8, ImageNet input) is {@link AnytimeLatencyMobilenetBenchmark}.
 *
 * <pre>
 *   java -jar bench/target/benchmarks.jar AnytimeLatencyBenchmark -p arch=resnet-hne -rf json -rff results.json
 * </pre>
 * The PyTorch peer, {@code dev.hne.bench.peer.PeerAnytimeLatencyBenchmark} (built with -Ppeer), has
 * the same parameters, so the report pairs the two by (arch, batch, n, device). Sample mode: the
 * report uses the median. Run it with JMH's default of one benchmark thread; the engine's own pool
 * has {@code -Dhne.threads=2} workers, the peer's intra-op pool 2 threads.
 *
 * <p>device: "cpu" or "cuda" ({@link AnytimeWorkload#backend}; the default param list is cpu only).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-Dhne.threads=2"})
public class AnytimeLatencyBenchmark {

    @Param({"resnet-hne", "resnet-hne-small"})
    public String arch;

    @Param({"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16"})
    public int n;

    @Param({"1", "64"})
    public int batch;

    @Param({"cpu"})
    public String device;

    private AnytimeWorkload workload;

    @Setup(Level.Trial)
    public void setup() {
        workload = AnytimeWorkload.create(arch, batch, null, device, 1);
        BenchChecks.requireMember(arch, n, workload.leaves());
    }

    @Benchmark
    public Tensor firstN() {
        return workload.run(n);
    }
}
