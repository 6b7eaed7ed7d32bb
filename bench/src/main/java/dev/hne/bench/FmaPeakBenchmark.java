package dev.hne.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's float FMA peak as the JVM reaches it: each call runs {@link #STEPS} rounds of
 * {@link #CHAINS} independent fused multiply-adds on vectors of the preferred species (AVX-512:
 * 16 lanes), so FLOPs per call = 2 x lanes x CHAINS x STEPS. Twelve chains are more than an FMA's
 * latency (4 cycles) times the FMA ports (2) of current x86 cores, so the loop is throughput-bound;
 * the accumulators stay in registers (32 zmm). One benchmark thread and two ({@code peak1},
 * {@code peak2}); the report turns the time per call into GFLOP/s ({@link #flopsPerCall()}).
 *
 * <pre>
 *   java -jar bench/target/benchmarks.jar FmaPeakBenchmark -rf json -rff peak.json
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class FmaPeakBenchmark {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    public static final int CHAINS = 12, STEPS = 2_000;

    /** FLOPs of one call: a fused multiply-add is 2 per lane. */
    public static double flopsPerCall() {
        return 2.0 * SPECIES.length() * CHAINS * STEPS;
    }

    // multiplier just below 1 and a small addend: the values stay finite and normal for any STEPS.
    // Kept as floats and broadcast inside the loop's method: vectors read from fields reach the
    // loop boxed, and C2 (JDK 17) then keeps the loop's vectors on the heap too (measured: 0.1-5
    // GFLOP/s instead of ~200 on one core).
    private float m = 0.999999f, a = 1e-6f;

    @Benchmark
    @Threads(1)
    public float peak1() {
        return chains();
    }

    @Benchmark
    @Threads(2)
    public float peak2() {
        return chains();
    }

    private float chains() {
        FloatVector m = FloatVector.broadcast(SPECIES, this.m), a = FloatVector.broadcast(SPECIES, this.a);
        FloatVector c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
        for (int i = 0; i < STEPS; i++) {
            c0 = c0.fma(m, a); c1 = c1.fma(m, a); c2 = c2.fma(m, a); c3 = c3.fma(m, a);
            c4 = c4.fma(m, a); c5 = c5.fma(m, a); c6 = c6.fma(m, a); c7 = c7.fma(m, a);
            c8 = c8.fma(m, a); c9 = c9.fma(m, a); c10 = c10.fma(m, a); c11 = c11.fma(m, a);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
