package dev.hne.cli;

import dev.hne.datasets.Batch;
import dev.hne.datasets.DataLoader;
import dev.hne.datasets.Dataset;
import dev.hne.datasets.DatasetOptions;
import dev.hne.datasets.DatasetSplits;
import dev.hne.datasets.Datasets;
import dev.hne.datasets.LoaderOptions;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.io.StateDictFile;
import dev.hne.engine.nn.Module;
import dev.hne.engine.ops.CrossEntropy;
import dev.hne.engine.optim.CosineSchedule;
import dev.hne.engine.optim.LrSchedule;
import dev.hne.engine.optim.Sgd;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./hne demo}: the README's first command. Trains {@link SmallConvNet} on the built-in
 * synthetic dataset (no download) with SGD, Nesterov momentum and a cosine schedule, prints the
 * training loss as it falls and the test accuracy after every epoch, and saves the weights.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train a small conv net on the built-in synthetic dataset and watch the loss fall.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--epochs", defaultValue = "4", description = "Passes over the training set (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--train-size", defaultValue = "6000", description = "Training images (default ${DEFAULT-VALUE}).")
    int trainSize;

    @Option(names = "--test-size", defaultValue = "2000", description = "Test images (default ${DEFAULT-VALUE}).")
    int testSize;

    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.1", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for data, weights and shuffling (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "runs/demo", description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (epochs <= 0 || trainSize <= 0 || testSize <= 0 || batchSize <= 0 || !(lr > 0)) {
            throw new UserException("--epochs, --train-size, --test-size, --batch and --lr must be positive");
        }
        PrintWriter log = spec.commandLine().getOut();
        DatasetSplits data = Datasets.open("synthetic", DatasetOptions.defaults().withSeed(seed)
                .withSizes(trainSize, testSize));
        Dataset train = data.train(), test = data.test();
        Module net = SmallConvNet.create(new Random(seed), train.sampleShape().channels(), train.numClasses());
        Sgd sgd = new Sgd(net.namedParameters(), new Sgd.Options(0.9f, 5e-4f, true, false));
        LrSchedule schedule = new CosineSchedule(lr, epochs);
        log.printf("hne demo: %s (%d parameters) on the synthetic dataset, %d classes, %d train / %d test images%n",
                "a small conv net", net.parameterCount(), train.numClasses(), train.size(), test.size());

        LoaderOptions loaderOptions = LoaderOptions.of(batchSize).withSeed(seed);
        try (DataLoader trainLoader = new DataLoader(train, data.trainTransform(), loaderOptions);
             DataLoader testLoader = new DataLoader(test, data.evalTransform(), loaderOptions.withShuffle(false)
                     .withLastBatch(LoaderOptions.LastBatch.KEEP))) {
            int steps = trainLoader.batchesPerEpoch();
            for (int epoch = 0; epoch < epochs; epoch++) {
                long start = System.nanoTime();
                double lossSum = 0;
                int seen = 0, step = 0, report = Math.max(1, steps / 4);
                net.train(true);
                try (DataLoader.Epoch batches = trainLoader.epoch(epoch)) {
                    for (Batch batch : batches) {
                        sgd.zeroGrad();
                        Tensor loss = CrossEntropy.hard(net.forward(Tensor.of(batch.images(), batch.shape())),
                                batch.labels());
                        loss.backward();
                        sgd.step((float) schedule.at(epoch, step, steps));
                        lossSum += loss.item() * batch.size();
                        seen += batch.size();
                        if (++step % report == 0) {
                            log.printf("  epoch %d/%d  step %3d/%d  loss %.4f  lr %.4f%n", epoch + 1, epochs, step,
                                    steps, lossSum / seen, schedule.at(epoch + (double) step / steps));
                        }
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                log.printf("epoch %d/%d: train loss %.4f, test accuracy %.1f%%  (%.1f s, %.0f images/s)%n", epoch + 1,
                        epochs, lossSum / seen, 100 * accuracy(net, testLoader), seconds, seen / seconds);
            }
        }
        Files.createDirectories(out);
        Path weights = out.resolve("model.safetensors");
        StateDictFile.save(weights, net, Map.of("model", "SmallConvNet", "dataset", "synthetic", "seed", "" + seed));
        log.printf("saved %s%n", weights);
        return 0;
    }

    private static double accuracy(Module net, DataLoader loader) {
        net.eval();
        int correct = 0, total = 0;
        try (var noGrad = Autograd.noGrad(); DataLoader.Epoch batches = loader.epoch(0)) {
            for (Batch batch : batches) {
                Tensor logits = net.forward(Tensor.of(batch.images(), batch.shape()));
                int classes = logits.dim(1);
                float[] v = logits.toArray();
                for (int i = 0; i < batch.size(); i++) {
                    int best = 0;
                    for (int k = 1; k < classes; k++) if (v[i * classes + k] > v[i * classes + best]) best = k;
                    if (best == batch.labels()[i]) correct++;
                }
                total += batch.size();
            }
        }
        return (double) correct / total;
    }
}
