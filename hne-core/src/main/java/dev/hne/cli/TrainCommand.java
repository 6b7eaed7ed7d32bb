package dev.hne.cli;

import dev.hne.ann.ExitWeighting;
import dev.hne.engine.dist.Communicator;
import dev.hne.loss.LossConfig;
import dev.hne.loss.Objective;
import dev.hne.loss.SoftScale;
import dev.hne.report.Tables;
import dev.hne.train.CheckpointPolicy;
import dev.hne.train.Checkpoints;
import dev.hne.train.DataConfig;
import dev.hne.train.DataParallel;
import dev.hne.train.EpochRecord;
import dev.hne.train.ModelConfig;
import dev.hne.train.Models;
import dev.hne.train.OptimConfig;
import dev.hne.train.OutDir;
import dev.hne.train.OutDirLock;
import dev.hne.train.RunLog;
import dev.hne.train.SettingChecks;
import dev.hne.train.TrainConfig;
import dev.hne.train.TrainableModel;
import dev.hne.train.StopRequest;
import dev.hne.train.Trainer;
import dev.hne.train.TrainingDiverged;
import dev.hne.train.TrainingStopped;
import dev.hne.tree.Architectures;
import dev.hne.tree.Recipe;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./hne train}: trains an HNE with one of the paper's objectives and reports the accuracy
 * of every n = 1..N after each epoch. Every option left out comes from the paper's recipe for the
 * architecture ({@link Recipe#forArch}: CIFAR's, or ImageNet's for mobilenet-hne). The loop itself is {@link Trainer}; this class only turns options into a
 * {@link TrainConfig} and checks them. docs/training.md explains every option and file.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train an HNE and report the test accuracy of every n = 1..N after each epoch.")
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--arch", defaultValue = "resnet-hne", description = "resnet-hne, resnet-hne-small, mobilenet-hne, or the anytime networks ann-resnet, ann-resnet-small (default ${DEFAULT-VALUE})")
    String arch;

    @Option(names = "--levels", defaultValue = "0", description = "keep only the first L tree levels: N = 2^(L-1) models (default: all)")
    int levels;

    @Option(names = "--width-divisor", defaultValue = "1", description = "divide every channel count by this (default ${DEFAULT-VALUE})")
    int widthDivisor;

    @Option(names = "--topology", defaultValue = "hne", description = "tree shape: hne (binary tree), independent (N separate networks) or multi-branch[:K] (first K levels shared, default all but the last two), the paper's Fig. 5 (default ${DEFAULT-VALUE})")
    String topology;

    @Option(names = "--dataset", required = true, description = "synthetic, cifar10, cifar100, fashion-mnist, mnist or folder")
    String dataset;

    @Option(names = "--data", description = "data directory (default: $HNE_DATA, else ~/.cache/hne; see docs/datasets.md)")
    Path data;

    @Option(names = "--train-size", defaultValue = "0", description = "use the first K training images (0 = all; synthetic: its size)")
    int trainSize;

    @Option(names = "--test-size", defaultValue = "0", description = "use the first K test images (0 = all)")
    int testSize;

    @Option(names = "--holdout", defaultValue = "0", description = "keep the LAST H training images out of training, to calibrate early-exit policies on (./hne eval --policy) and to pick best.safetensors (default ${DEFAULT-VALUE})")
    int holdout;

    @Option(names = "--loss", defaultValue = "ihd", description = "i (L_I), h (L_H), ih (L_I+L_H), d (co-distillation), ihd (L_I+L_HD) (default ${DEFAULT-VALUE})")
    String loss;

    @Option(names = "--ann-weights", defaultValue = "adaloss", description = "ann-resnet*: weights of the exit losses, adaloss, constant or oscillating (default ${DEFAULT-VALUE}; docs/ann.md)")
    String annWeights;

    @Option(names = "--alpha", description = "distillation losses d and ihd: (1 - a) L_I + a L_D or L_HD, a in [0, 1] (default 0.5; 0.75 for mobilenet-hne)")
    Float alpha;

    @Option(names = "--soft-scale", defaultValue = "none", description = "multiply the distillation terms by T^2 (t2, Hinton et al.) or not (none, the paper's formula) (default ${DEFAULT-VALUE})")
    String softScale;

    @Option(names = "--temperature", description = "distillation temperature T (default 2)")
    Float temperature;

    @Option(names = "--epochs", description = "epochs (default 200; 150 for mobilenet-hne)")
    Integer epochs;

    @Option(names = "--batch", description = "batch size (default 128; 450 for mobilenet-hne)")
    Integer batch;

    @Option(names = "--lr", description = "initial learning rate (default 0.1)")
    Double lr;

    @Option(names = "--momentum", description = "SGD momentum (default 0.9)")
    Float momentum;

    @Option(names = "--nesterov", description = "Nesterov momentum (default: off, as in the paper)")
    boolean nesterov;

    @Option(names = "--weight-decay", description = "L2 weight decay (default 5e-4; 1e-5 for mobilenet-hne)")
    Float weightDecay;

    @Option(names = "--schedule", description = "cosine or multistep (default cosine; multistep for mobilenet-hne)")
    String schedule;

    @Option(names = "--milestones", split = ",", description = "multistep: epochs where the lr is multiplied by --gamma (default 60,90,110,125,135,145)")
    int[] milestones;

    @Option(names = "--gamma", description = "multistep factor (default 0.5)")
    Double gamma;

    @Option(names = "--warmup", defaultValue = "0", description = "linear warm-up epochs before the schedule (default ${DEFAULT-VALUE})")
    double warmup;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda (default ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--seed", defaultValue = "0", description = "seed of weights, data order and augmentation (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--workers", defaultValue = "0", description = "data-loading threads (default ${DEFAULT-VALUE}: the training thread; results do not depend on it)")
    int workers;

    @Option(names = "--out", description = "output folder (default runs/<arch>-<dataset>-<loss>)")
    Path out;

    @Option(names = "--resume", description = "continue the run in --out from its newest checkpoint (last.safetensors, or mid-epoch.safetensors when newer)")
    boolean resume;

    @Option(names = "--keep-last", defaultValue = "0", description = "also keep the K most recent epoch checkpoints epoch-NNNN.safetensors (default ${DEFAULT-VALUE}: none; last and best are never removed)")
    int keepLast;

    @Option(names = "--checkpoint-every", defaultValue = "0", description = "write mid-epoch.safetensors every STEPS steps of an epoch, for long epochs (default ${DEFAULT-VALUE}: only on SIGTERM/Ctrl-C)")
    int checkpointEvery;

    @Option(names = "--distributed", description = "be one rank of a data-parallel job started by mpirun or srun; --batch is the global batch (docs/distributed.md)")
    boolean distributed;

    @Option(names = "--sync-bn", description = "with --distributed: batch norm uses the statistics of the global batch (default: each rank's own)")
    boolean syncBn;

    @Override
    public Integer call() throws Exception {
        TrainConfig config = config();
        if (syncBn && !distributed) {
            throw new UserException("--sync-bn needs --distributed (one process already sees the whole batch)");
        }
        Devices.use(device);
        Communicator comm = DistributedJob.join(distributed, Devices.parse(device));
        return DistributedJob.run(comm, spec.commandLine().getErr(), () -> train(config, new DataParallel(comm, syncBn)));
    }

    /**
     * The one line for a step that did not fit: the heap it had and what to change. The last
     * complete checkpoint is intact (they are written atomically), so --resume continues from it.
     */
    static String outOfMemory(long maxHeapBytes, int batch) {
        return "out of memory at --batch " + batch + " with a " + (maxHeapBytes >> 20) + " MiB heap (the log's "
                + "'memory:' line says how the step keeps its activations): give the JVM more, e.g. "
                + "HNE_JAVA_OPTS=-Xmx" + Math.max(4, (maxHeapBytes >> 30) * 2) + "g, or lower --batch; "
                + "--resume continues from the last checkpoint";
    }

    private int train(TrainConfig config, DataParallel parallel) throws IOException {
        String objective = config.isAnn() ? config.annWeights().cliName() : loss.toLowerCase(Locale.ROOT);
        Path dir = out != null ? out : Path.of("runs", arch + "-" + dataset + "-" + objective);
        // Rank 0 alone writes the out folder, so it alone checks it (and creates it) and locks it; the
        // other ranks never touch it, and on --resume only read the checkpoint. A failed check aborts every rank.
        boolean writes = parallel.writesOutputs();
        if (writes) {
            OutDir.checkWritable(dir);   // before any data is read or any step is trained
        }
        try (OutDirLock lock = writes ? OutDirLock.acquire(dir) : null;
             RunLog runLog = writes ? RunLog.open(dir, spec.commandLine().getOut(), spec.commandLine().getErr(), commandLine())
                     : RunLog.consoleOnly(parallel.onRankZero(spec.commandLine().getOut()), spec.commandLine().getErr())) {
            try {
                return train(config, parallel, dir, runLog);
            } catch (RuntimeException | IOException e) {
                runLog.note("stopped: " + (e.getMessage() != null ? e.getMessage() : e));   // a bug may have no message
                throw e;
            }
        }
    }

    /** The run itself, holding the folder's lock; everything printed also goes to train.log. */
    private int train(TrainConfig config, DataParallel parallel, Path dir, RunLog runLog) throws IOException {
        PrintWriter log = runLog.out();
        Path last = dir.resolve(Trainer.LAST);
        CheckpointPolicy checkpoints = new CheckpointPolicy(dir, keepLast, checkpointEvery);
        if (parallel.writesOutputs()) {
            OutDir.removeTemps(dir).forEach(t -> log.println("removed " + t + ", left by an interrupted write"));
            // a finished epoch, or only mid-epoch.safetensors (a run stopped in its first epoch)
            for (Path earlier : List.of(last, checkpoints.midEpoch())) {
                if (!resume && Files.exists(earlier)) {
                    throw new UserException(earlier + " exists: pass --resume to continue that run, or choose another --out");
                }
            }
        }
        StopRequest stop = new StopRequest();
        try (Trainer trainer = build(config, dir, log, runLog.progress(), parallel);
             StopSignals signals = StopSignals.install(stop, spec.commandLine().getErr())) {
            trainer.withCheckpoints(checkpoints).withStopRequest(stop);
            if (parallel.writesOutputs()) {
                OutDir.checkSpace(dir, OutDir.checkpointBytes(trainer.model()), trainer.checkpointFilesAtMost());
            }
            if (resume) {
                trainer.resume();   // also brings the report up to that checkpoint
                log.printf("resumed %s (of %d epochs)%n", trainer.resumePoint(), config.optim().epochs());
            }
            printHeader(log, config, trainer);
            if (parallel.ranks() > 1) {
                log.printf("  data-parallel: %d ranks, %d images per rank and step, batch norm statistics %s%n",
                        parallel.ranks(), config.optim().batch() / parallel.ranks(), syncBn ? "of the global batch" : "per rank");
                log.flush();
            }
            List<EpochRecord> history = trainer.run();
            if (history.isEmpty()) {
                throw new UserException("nothing to train: --epochs " + config.optim().epochs());
            }
            log.println();
            log.printf("test accuracy after epoch %d (%s; MMACs per image):%n", history.size(),
                    config.isAnn() ? "n = exit" : "natural order");
            Tables.anytime(log, history.get(history.size() - 1).test());
            log.printf("report: %s   checkpoint: %s%n", dir.resolve("report.md"), last);
            if (trainer.bestEpoch() > 0) {
                log.printf("best epoch on the held-out split: %d, saved as %s%n", trainer.bestEpoch(), checkpoints.best());
            }
        } catch (Checkpoints.CheckpointException | TrainingDiverged e) {
            throw new UserException(e.getMessage());
        } catch (OutOfMemoryError e) {
            throw new UserException(outOfMemory(Runtime.getRuntime().maxMemory(), config.optim().batch()));
        } catch (TrainingStopped e) {
            log.flush();
            parallel.onRankZero(spec.commandLine().getErr()).println("hne train: " + e.getMessage());
            return e.exitCode();
        }
        return 0;
    }

    /** "hne train --arch ...": the command as typed (picocli keeps every argument, the subcommand too), for the first line of train.log. */
    private String commandLine() {
        return "hne " + String.join(" ", spec.commandLine().getParseResult().originalArgs());   // from "train" on
    }

    /** Builds the trainer; settings the tree or schedule reject become one-line user errors. */

    static Trainer build(TrainConfig config, Path dir, PrintWriter log, PrintWriter err) {
        return build(config, dir, log, err, DataParallel.single());
    }

    static Trainer build(TrainConfig config, Path dir, PrintWriter log, PrintWriter err, DataParallel parallel) {
        try {
            return new Trainer(config, dir, log, err, parallel);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    static void printHeader(PrintWriter log, TrainConfig c, Trainer t) {
        TrainableModel m = t.model();
        int n = m.outputs();
        double[] mmacs = m.mmacs();
        log.printf(Locale.ROOT, "hne train: %s%s, %,d parameters, %.1f MMACs for n = 1 and %.1f for n = %d%s%n",
                Models.describe(c.model().arch(), c.model().levels(), c.model().widthDivisor(), n),
                c.model().topology().equals(ModelConfig.HNE) ? "" : ", topology " + c.model().topology(),
                m.module().parameterCount(), mmacs[0], mmacs[n - 1], n, c.isAnn() ? " (n = exit)" : "");
        log.printf(Locale.ROOT, "  data %s: %d train / %d test images; loss %s; %d epochs of batch %d, lr %s %s, weight decay %s, seed %d%n",
                c.data().dataset(), t.trainSet().size(), t.testSet().size(),
                c.isAnn() ? m.objectiveLabel() : c.loss().describe(), c.optim().epochs(),
                c.optim().batch(), c.optim().lr(), c.optim().schedule().cliName(), c.optim().weightDecay(), c.seed());
        log.println("  data files read (path, size, checksum; also in summary.json and the checkpoint):");
        t.provenance().lines().forEach(log::println);
        if (c.data().holdout() > 0) {
            log.printf("  held out for early-exit policies (never trained on): the last %d images of the training file%n",
                    c.data().holdout());
        }
        log.flush();
    }

    /**
     * The run's settings: every option left out comes from the paper's recipe for the architecture.
     * Each part of the configuration checks its own fields (one place per rule); a broken rule is
     * the one-line user error it names.
     */
    TrainConfig config() {
        if (!Architectures.NAMES.contains(arch) && !Models.isAnn(arch)) {
            throw new UserException("unknown --arch '" + arch + "'; known: " + String.join(", ", Architectures.NAMES)
                    + ", " + String.join(", ", Architectures.ANN_NAMES));
        }
        Devices.parse(device);   // a wrong name fails before any data is read
        OptionChecks.atLeast("--keep-last", keepLast, 0);
        OptionChecks.atLeast("--checkpoint-every", checkpointEvery, 0);
        Recipe recipe = Recipe.forArch(arch);
        float a = OptionChecks.user(() -> (float) SettingChecks.within("--alpha", alpha != null ? alpha : recipe.alpha(), 0, 1, true));
        float t = OptionChecks.user(() -> (float) SettingChecks.positive("--temperature",
                temperature != null ? temperature : recipe.temperature()));
        return OptionChecks.user(() -> new TrainConfig(
                new ModelConfig(arch, levels, widthDivisor, topology),
                new DataConfig(dataset.toLowerCase(Locale.ROOT), data, trainSize, testSize, holdout, workers),
                new OptimConfig(epochs != null ? epochs : recipe.epochs(), batch != null ? batch : recipe.batch(),
                        lr != null ? lr : recipe.lr(), momentum != null ? momentum : recipe.momentum(), nesterov,
                        weightDecay != null ? weightDecay : recipe.weightDecay(),
                        schedule != null ? Recipe.Schedule.parse(schedule) : recipe.schedule(),
                        milestones != null ? milestones : recipe.milestones(), gamma != null ? gamma : recipe.gamma(),
                        warmup),
                lossSettings(a, t), ExitWeighting.Kind.parse(annWeights), seed));
    }

    /** --loss with --alpha, --temperature and --soft-scale; the names' errors say which option they are. */
    private LossConfig lossSettings(float a, float t) {
        Objective objective;
        SoftScale scale;
        try {
            objective = TrainConfig.parseLoss(loss);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("--loss: " + ex.getMessage());
        }
        try {
            scale = SoftScale.parse(softScale);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("--soft-scale: " + ex.getMessage());
        }
        return LossConfig.of(objective).withAlpha(a).withTemperature(t).withSoftScale(scale);
    }
}
