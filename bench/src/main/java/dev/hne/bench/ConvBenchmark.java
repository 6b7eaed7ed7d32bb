package dev.hne.bench;

import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.backend.cpu.CpuBackend;
import dev.hne.engine.backend.cpu.CpuConv;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH timing of the CPU convolution kernels on the HNE shapes (batch 64); the kernels use all of
 * {@code Parallel}'s threads internally, so run JMH with one benchmark thread:
 * <pre>
 *   java --add-modules=jdk.incubator.vector -jar bench/target/benchmarks.jar ConvBenchmark -f 1 -wi 3 -i 5 -t 1
 * </pre>
 * JMH's default iteration is 10 s, so that takes about half an hour for the 21 cases; add
 * {@code -w 1s -r 1s} for a 4-minute run, or {@code -p shape=g16_1x1_256to64_8x8} for one shape.
 * Scores are milliseconds per call. GFLOP/s = 2 * macs / (ms * 1e6); each trial prints the FLOPs
 * and bytes of its shape at tear-down, and {@code dev.hne.bench.report.JmhReport} converts every
 * ConvBenchmark score of a JSON result file into a GFLOP/s table. ConvThroughput prints the
 * converted table directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-Dhne.threads=2"})
public class ConvBenchmark {

    /** A key of {@link ConvThroughput#cases()}. */
    @Param({"g16_1x1_256to64_8x8", "dw3x3_1024ch_8x8", "dw3x3_32ch_32x32", "dw3x3_s2_64ch_32x32",
            "g2_1x1_64to16_32x32", "g1_1x1_64to256_16x16", "stem_3x3_3to16_32x32",
            "g16_1x1_64to256_8x8", "g16_1x1_256to256_8x8", "g8_1x1_128to64_16x16", "g8_1x1s2_128to256_16x16",
            "dw3x3_s2_512ch_16x16", "g2_1x1_64to64_32x32", "dw3x3_256ch_14x14", "dw3x3_512ch_7x7"})
    public String shape;

    private ConvGeometry g;
    private float[] x, w, y, dy, dx, dw;

    @Setup(Level.Trial)
    public void setup() {
        g = ConvThroughput.cases().get(shape);
        Random rnd = new Random(1);
        x = ConvThroughput.random(rnd, g.inputShape());
        w = ConvThroughput.random(rnd, g.weightShape());
        dy = ConvThroughput.random(rnd, g.outputShape());
        y = new float[dy.length];
        dx = new float[x.length];
        dw = new float[w.length];
    }

    @TearDown(Level.Trial)
    public void conversion() {
        System.out.printf("%n[%s] %.4f GFLOP per call, %.1f MB touched: GFLOP/s = %.4f / ms * 1e3%n",
                shape, 2e-9 * g.macs(), 4e-6 * (x.length + w.length + y.length), 2e-9 * g.macs());
    }

    @Benchmark
    public float[] forward() {
        CpuConv.forward(CpuBackend.INSTANCE.parallel(), g, x, w, y);
        return y;
    }

    @Benchmark
    public float[] backwardData() {
        CpuConv.backwardData(CpuBackend.INSTANCE.parallel(), g, dy, w, dx);
        return dx;
    }

    @Benchmark
    public float[] backwardFilter() {
        CpuConv.backwardFilter(CpuBackend.INSTANCE.parallel(), g, x, dy, dw);
        return dw;
    }
}
