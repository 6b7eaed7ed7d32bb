/*
 * LoaderThroughput: images per second the DataLoader delivers for CIFAR-format data with the paper
 * augmentation (RandomCrop(32, 4) -> HorizontalFlip -> Normalize), batch 128.
 *
 *   java -cp bench/target/benchmarks.jar dev.hne.bench.LoaderThroughput [images] [epochs]
 *
 * Writes a CIFAR-10 binary folder of random pixels (default 50,000 train images, as the real one)
 * to a temporary directory, reads it with CifarReader, then times whole epochs: first with
 * 0 workers (batches built on the calling thread: the one-thread number the target of
 * >= 20,000 images/s refers to), then with 2 prefetch workers. A plain main, not JMH, so it can
 * run in seconds; LoaderBenchmark is the JMH version of the one-thread case.
 */
package dev.hne.bench;

import dev.hne.datasets.Batch;
import dev.hne.datasets.ByteImageDataset;
import dev.hne.datasets.DataLoader;
import dev.hne.datasets.LoaderOptions;
import dev.hne.datasets.cifar.CifarReader;
import dev.hne.datasets.cifar.CifarVariant;
import dev.hne.datasets.transform.StandardTransforms;
import dev.hne.datasets.transform.Transform;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

public final class LoaderThroughput {

    private LoaderThroughput() {
    }

    public static void main(String[] args) throws IOException {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("hne-cifar-bench");
        try {
            ByteImageDataset train = CifarReader.read(writeCifar10(dir, images), CifarVariant.CIFAR10, true, false);
            Transform aug = StandardTransforms.cifarTrain(train.normalization());
            System.out.printf("CIFAR-10 format, %d images, batch 128, %s%n", train.size(), aug);
            for (int workers : new int[] {0, 2}) {
                double rate = measure(train, aug, workers, epochs);
                System.out.printf("  %d worker%s (%s): %,.0f images/s%n", workers, workers == 1 ? "" : "s",
                        workers == 0 ? "one thread" : "prefetching", rate);
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Best epoch rate out of {@code epochs}, after one warm-up epoch. */
    private static double measure(ByteImageDataset data, Transform aug, int workers, int epochs) {
        double best = 0;
        long checksum = 0;
        try (DataLoader loader = new DataLoader(data, aug, LoaderOptions.of(128).withSeed(1).withWorkers(workers))) {
            for (int e = 0; e <= epochs; e++) {
                long t0 = System.nanoTime();
                int n = 0;
                try (DataLoader.Epoch epoch = loader.epoch(e)) {
                    for (Batch b : epoch) {
                        n += b.size();
                        checksum += Float.floatToRawIntBits(b.images()[0]); // keep the work observable
                    }
                }
                double rate = n / ((System.nanoTime() - t0) / 1e9);
                if (e > 0) {
                    best = Math.max(best, rate);
                }
            }
        }
        if (checksum == 42) {
            System.out.print("");
        }
        return best;
    }

    /** Five data_batch files (plus a small test_batch) of random records; returns the folder. */
    static Path writeCifar10(Path root, int images) throws IOException {
        Path dir = root.resolve("cifar-10-batches-bin");
        Files.createDirectories(dir);
        Random r = new Random(0);
        byte[] pixels = new byte[CifarVariant.PIXELS];
        List<String> files = CifarVariant.CIFAR10.files(true);
        for (int f = 0; f < files.size(); f++) {
            int from = images * f / files.size();
            int to = images * (f + 1) / files.size();
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(dir.resolve(files.get(f))))) {
                for (int i = from; i < to; i++) {
                    out.write(r.nextInt(10));
                    r.nextBytes(pixels);
                    out.write(pixels);
                }
            }
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve("test_batch.bin"))) {
            out.write(0);
            out.write(pixels);
        }
        return dir;
    }
}
