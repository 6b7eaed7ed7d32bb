package dev.hne.bench.ort;

import ai.onnxruntime.OrtException;
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
 * The ONNX Runtime peer of {@code dev.hne.bench.AnytimeLatencyMobilenetBenchmark}: the same parameters, the
 * same weights (through the export), the first n members in the natural order; see {@link OrtPeer}.
 * Built with -Port; docs/performance.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-Dhne.threads=2"})
public class OrtAnytimeLatencyMobilenetBenchmark {

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

    private OrtPeer peer;

    @Setup(Level.Trial)
    public void setup() throws OrtException {
        OrtAvailability.require();
        peer = new OrtPeer(arch, n, batch, resolution, device);
    }

    @Benchmark
    public float firstN() throws OrtException {
        return peer.run();
    }

    @TearDown(Level.Trial)
    public void close() throws OrtException {
        peer.close();
    }
}
