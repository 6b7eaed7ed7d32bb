package dev.hne.cli;

import dev.hne.ann.ExitWeighting;
import dev.hne.loss.LossConfig;
import dev.hne.loss.Objective;
import dev.hne.report.Tables;
import dev.hne.train.DataConfig;
import dev.hne.train.EpochRecord;
import dev.hne.train.ModelConfig;
import dev.hne.train.OptimConfig;
import dev.hne.train.OutDir;
import dev.hne.train.OutDirLock;
import dev.hne.train.RunLog;
import dev.hne.train.TrainConfig;
import dev.hne.train.Trainer;
import dev.hne.tree.Recipe;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./hne demo}: the README's first command. Trains a small HNE on the built-in synthetic
 * dataset (no download) with hierarchical co-distillation (L_I + L_HD) for about two minutes on two
 * cores, then prints the anytime table (n, MMACs, accuracy) and writes the full report (CSV, JSON,
 * plots, report.md) to {@code runs/demo/}.
 *
 * <p>The demo tree is {@code resnet-hne-small} cut to its first 3 levels (N = 4 models) with every
 * channel count halved again: the same layers and grouped implementation as the paper's tree,
 * sized so that a CPU trains it in minutes. It is exactly what
 * {@code ./hne train --arch resnet-hne-small --levels 3 --width-divisor 2 --dataset synthetic ...} runs.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a small HNE (4 models) on the built-in synthetic dataset for about two minutes, "
                + "then print and plot its accuracy for every number of models.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--epochs", defaultValue = "10", description = "passes over the training set (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--train-size", defaultValue = "3000", description = "training images (default ${DEFAULT-VALUE})")
    int trainSize;

    @Option(names = "--test-size", defaultValue = "1000", description = "test images (default ${DEFAULT-VALUE})")
    int testSize;

    @Option(names = "--batch", defaultValue = "64", description = "batch size (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.05", description = "peak learning rate, cosine schedule (default ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--levels", defaultValue = "3", description = "tree levels: N = 2^(levels-1) models (default ${DEFAULT-VALUE})")
    int levels;

    @Option(names = "--width-divisor", defaultValue = "2", description = "channels of resnet-hne-small divided by this (default ${DEFAULT-VALUE})")
    int widthDivisor;

    @Option(names = "--seed", defaultValue = "1", description = "seed for data, weights and shuffling (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "runs/demo", description = "output folder, replaced (default ${DEFAULT-VALUE})")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        OptionChecks.atLeast("--epochs", epochs, 1);
        OptionChecks.atLeast("--train-size", trainSize, 1);
        OptionChecks.atLeast("--test-size", testSize, 1);
        OptionChecks.atLeast("--batch", batchSize, 1);
        OptionChecks.positive("--lr", lr);
        OptionChecks.atLeast("--levels", levels, 1);
        OptionChecks.atLeast("--width-divisor", widthDivisor, 1);
        // the paper's CIFAR recipe, shortened: fewer epochs, a smaller batch and lr, no milestones (cosine)
        Recipe r = Recipe.CIFAR;
        TrainConfig config = new TrainConfig(new ModelConfig("resnet-hne-small", levels, widthDivisor),
                DataConfig.of("synthetic", trainSize, testSize),
                new OptimConfig(epochs, batchSize, lr, r.momentum(), false, r.weightDecay(), r.schedule(), new int[0],
                        r.gamma(), 0),
                LossConfig.of(Objective.HIERARCHICAL_DISTILLATION).withAlpha(r.alpha()).withTemperature(r.temperature()),
                ExitWeighting.Kind.ADALOSS, seed);   // unused: an HNE
        OutDir.checkWritable(out);
        try (OutDirLock lock = OutDirLock.acquire(out);   // one run per folder, as ./hne train
             RunLog runLog = RunLog.open(out, spec.commandLine().getOut(), spec.commandLine().getErr(), "hne "
                     + String.join(" ", spec.commandLine().getParseResult().originalArgs()))) {
            OutDir.removeTemps(out);
            Files.deleteIfExists(out.resolve(Trainer.LAST));
            run(config, runLog);
        }
        return 0;
    }

    private void run(TrainConfig config, RunLog runLog) throws IOException {
        PrintWriter log = runLog.out();
        long start = System.nanoTime();
        try (Trainer trainer = TrainCommand.build(config, out, log, runLog.progress())) {
            log.println("hne demo: a small HNE on the built-in synthetic dataset (10 classes of shapes and textures, 32x32)");
            TrainCommand.printHeader(log, config, trainer);
            List<EpochRecord> history = trainer.run();
            EpochRecord last = history.get(history.size() - 1);
            log.println();
            log.printf("anytime table: the ensemble of the first n models on %d test images (MMACs per image)%n",
                    last.test().samples());
            Tables.anytime(log, last.test());
            log.printf("%ntrained in %.0f s; report with plots: %s%n", (System.nanoTime() - start) / 1e9,
                    out.resolve("report.md"));
        }
    }
}
