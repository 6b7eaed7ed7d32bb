/*
 * LoaderBenchmark: JMH timing of one CIFAR-format batch of 128 with the paper augmentation, built
 * on the benchmark thread (0 loader workers).
 *
 *   java -jar bench/target/benchmarks.jar LoaderBenchmark
 *
 * Score is time per batch; images/s = 128 / score. LoaderThroughput gives the same number as
 * images/s over whole epochs without JMH's warm-up cost.
 */
package dev.hne.bench;

import dev.hne.datasets.Batch;
import dev.hne.datasets.ByteImageDataset;
import dev.hne.datasets.DataLoader;
import dev.hne.datasets.LoaderOptions;
import dev.hne.datasets.SampleShape;
import dev.hne.datasets.cifar.CifarVariant;
import dev.hne.datasets.transform.StandardTransforms;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2) // the first seconds are noisy (JIT, GC sizing)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
public class LoaderBenchmark {

    private DataLoader loader;
    private Iterator<Batch> batches;
    private int epoch;

    @Setup
    public void setup() {
        int n = 10_000;
        byte[] pixels = new byte[n * CifarVariant.PIXELS];
        byte[] labels = new byte[n];
        Random r = new Random(0);
        r.nextBytes(pixels);
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) r.nextInt(10);
        }
        ByteImageDataset data = new ByteImageDataset("cifar-format", SampleShape.of(3, 32, 32), pixels, labels,
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), CifarVariant.CIFAR10.normalization());
        loader = new DataLoader(data, StandardTransforms.cifarTrain(data.normalization()), LoaderOptions.of(128));
        batches = loader.epoch(epoch).iterator();
    }

    @Benchmark
    public Batch augmentedBatchOf128() {
        if (!batches.hasNext()) {
            batches = loader.epoch(++epoch).iterator();
        }
        return batches.next();
    }

    @TearDown
    public void close() {
        loader.close();
    }
}
