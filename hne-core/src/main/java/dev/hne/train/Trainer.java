package dev.hne.train;

import dev.hne.anytime.LeafOrder;
import dev.hne.datasets.Batch;
import dev.hne.datasets.DataDirs;
import dev.hne.datasets.DataLoader;
import dev.hne.datasets.Dataset;
import dev.hne.datasets.LoaderOptions;
import dev.hne.datasets.SampleShape;
import dev.hne.engine.Tensor;
import dev.hne.engine.optim.CosineSchedule;
import dev.hne.engine.optim.LrSchedule;
import dev.hne.engine.optim.MultiStepSchedule;
import dev.hne.engine.optim.Sgd;
import dev.hne.engine.optim.WarmupSchedule;
import dev.hne.report.RunReport;
import dev.hne.tree.Architectures;
import dev.hne.tree.HneTree;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop of {@code ./hne train} and {@code ./hne demo}, readable top to bottom:
 *
 * <pre>
 *   for each epoch e:
 *     for each batch (order and augmentation a function of (seed, e)):
 *       loss = model.trainingStep(x, labels)                 HNE: all N leaves in one grouped pass,
 *                                                            L_I, L_H, L_I+L_H, L_I+L_D or L_I+L_HD;
 *                                                            ANN: every exit, sum_i B_i l_i (AdaLoss or constant)
 *       loss.backward(); average gradients over ranks (data-parallel only); sgd.step(lr(e + step / steps))
 *       between two steps: stop if asked ({@link StopRequest}: SIGTERM, Ctrl-C), or a --checkpoint-every
 *       checkpoint: either way mid-epoch.safetensors, the state plus the position ({@link MidEpoch})
 *     evaluate every n = 1..N (every exit) on the test split {@link TrainableModel#evaluate}
 *     with --holdout: the final answer's accuracy on the held-out split picks best.safetensors ({@link BestEpoch})
 *     write last.safetensors (weights + velocities + history) atomically, then the report ({@link CheckpointPolicy})
 * </pre>
 *
 * Resuming ({@link #resume}) loads the newest checkpoint (last, or mid-epoch when it is newer) into
 * a trainer built from the same settings and continues with the next step; the result is
 * bit-for-bit that of an uninterrupted run.
 * The model is a {@link TrainableModel}: an HNE ({@link HneModel}) or an anytime network
 * ({@code dev.hne.ann.AnnModel}); the loop does not know which. In a data-parallel job
 * ({@link DataParallel}: {@code --distributed}) each rank runs this same loop on its shard of the data.
 */
public final class Trainer implements AutoCloseable {

    public static final String LAST = CheckpointPolicy.LAST;
    /** Checkpoint metadata: the absolute data directory read ({@code ./hne eval} reads it again). */
    public static final String DATA_DIR_KEY = "data_dir";
    /** Checkpoint metadata: {@link DataProvenance} as JSON. */
    public static final String DATA_FILES_KEY = "data_files";

    private final TrainConfig config;
    private final Path out;
    private final PrintWriter log;
    private final PrintWriter err;
    private final TrainableModel model;
    private final Sgd sgd;
    private final LrSchedule schedule;
    private final DataLoader trainLoader;
    private final DataLoader testLoader;
    private final List<EpochRecord> history = new ArrayList<>();
    private final Dataset train;
    private final Dataset test;
    private final DataParallel parallel;
    private final Dataset holdout;
    private final DataProvenance provenance;
    private final DataLoader holdoutLoader;   // null without --holdout
    private final BestEpoch best = new BestEpoch();
    private boolean writeReports = true;
    private CheckpointPolicy checkpoints;
    private StopRequest stop = new StopRequest();
    private StepListener stepListener = (epoch, stepsDone) -> {};
    private MidEpoch resumedAt;               // where a mid-epoch checkpoint left off, until run() continues there
    private String resumePoint;
    private boolean memoryPlanLogged;   // the first step logs how it keeps its activations

    /**
     * Opens the data and builds the tree and the optimizer (nothing is trained yet).
     *
     * @throws IllegalArgumentException for settings the tree or the schedule cannot take
     * @throws dev.hne.datasets.DatasetException when the data cannot be found or read
     */
    public Trainer(TrainConfig config, Path out, PrintWriter log, PrintWriter err) {
        this(config, out, log, err, DataParallel.single());
    }

    /** The same, as one rank of a data-parallel job: only rank 0 logs and writes files. */
    public Trainer(TrainConfig config, Path out, PrintWriter log, PrintWriter err, DataParallel parallel) {
        this.config = config;
        this.out = out;
        this.checkpoints = CheckpointPolicy.defaults(out);
        this.parallel = parallel;
        this.log = parallel.onRankZero(log);
        this.err = parallel.onRankZero(err);
        RunData data = RunData.open(config.data().dataset(), config.data().dir(), config.seed(), config.data().trainSize(),
                config.data().testSize(), config.data().holdout());   // the held-out images are never trained on
        this.train = data.train();
        this.test = data.test();
        this.holdout = data.holdout();
        this.provenance = DataProvenance.of(data);
        SampleShape shape = data.trainTransform().outputShape(train.sampleShape());   // folders: after the crop
        if (!shape.isFixed() || shape.height() != shape.width()) {
            throw new IllegalArgumentException("dataset " + config.data().dataset() + " has images of shape " + shape
                    + "; training needs square images of one size");
        }
        this.model = Models.build(config, new Architectures.Input(shape.channels(), shape.height(),
                train.numClasses())).onRanksOf(parallel.communicator());
        this.sgd = new Sgd(model.module().namedParameters(), new Sgd.Options(config.optim().momentum(),
                config.optim().weightDecay(), config.optim().nesterov(), true));
        parallel.prepare(model.module());
        this.schedule = schedule(config.optim());
        int batch = parallel.localBatch(config.optim().batch());
        LoaderOptions lo = LoaderOptions.of(config.optim().batch()).withSeed(config.seed()).withWorkers(config.data().workers());
        LoaderOptions shard = LoaderOptions.of(batch).withSeed(config.seed()).withWorkers(config.data().workers())
                .withShard(parallel.shard());
        this.trainLoader = new DataLoader(train, data.trainTransform(), shard.withLastBatch(
                parallel.shard().size(train.size()) >= 2 * batch ? LoaderOptions.LastBatch.DROP : LoaderOptions.LastBatch.KEEP));
        this.testLoader = new DataLoader(test, data.evalTransform(), lo.withShuffle(false)
                .withLastBatch(LoaderOptions.LastBatch.KEEP));
        this.holdoutLoader = holdout == null ? null : new DataLoader(holdout, data.evalTransform(), lo.withShuffle(false)
                .withLastBatch(LoaderOptions.LastBatch.KEEP));
    }

    static LrSchedule schedule(OptimConfig c) {
        LrSchedule s = switch (c.schedule()) {
            case COSINE -> new CosineSchedule(c.lr(), c.epochs());
            case MULTISTEP -> new MultiStepSchedule(c.lr(), c.milestones(), c.gamma());
        };
        return c.warmupEpochs() > 0 ? new WarmupSchedule(s, c.warmupEpochs()) : s;
    }

    public TrainableModel model() {
        return model;
    }

    /** The tree of an HNE run. */
    public HneTree tree() {
        if (model instanceof HneModel hne) {
            return hne.tree();
        }
        throw new IllegalStateException(config.model().arch() + " is not an HNE; use model()");
    }

    public Sgd optimizer() {
        return sgd;
    }

    public Dataset trainSet() {
        return train;
    }

    public Dataset testSet() {
        return test;
    }

    /** The files each split was read from, with sizes and checksums. */
    public DataProvenance provenance() {
        return provenance;
    }

    public DataLoader testLoader() {
        return testLoader;
    }

    public List<EpochRecord> history() {
        return List.copyOf(history);
    }

    /** Epochs completed (after a resume, those of the checkpoint). */
    public int epochsDone() {
        return history.size();
    }

    /** Turns the per-epoch plots off (tests that only need the numbers). */
    public Trainer withReports(boolean on) {
        this.writeReports = on;
        return this;
    }

    /** Which checkpoint files to keep and when to write them (--keep-last, --checkpoint-every). */
    public Trainer withCheckpoints(CheckpointPolicy policy) {
        this.checkpoints = policy;
        return this;
    }

    /** The request the trainer checks between steps (the CLI's signal handler sets it). */
    public Trainer withStopRequest(StopRequest request) {
        this.stop = request;
        return this;
    }

    /** Called after every training step (tests: stop after step k). */
    interface StepListener {
        void afterStep(int epoch, int stepsDone);
    }

    Trainer withStepListener(StepListener listener) {
        this.stepListener = listener;
        return this;
    }

    /** The most checkpoint-sized files the out folder holds at once (for the free-space check). */
    public int checkpointFilesAtMost() {
        return checkpoints.filesAtMost(holdoutLoader != null);
    }

    /** The epoch best.safetensors holds (1-based; 0 = none: no held-out split, or no epoch yet). */
    public int bestEpoch() {
        return best.epoch();
    }

    /**
     * Continues from the newest checkpoint in the out folder ({@link CheckpointPolicy#loadForResume}:
     * mid-epoch.safetensors while it is newer, else last.safetensors): checks that it was written by a
     * run with the same settings, loads weights, statistics, velocities, history, the best epoch so
     * far and, for a mid-epoch checkpoint, the position in the epoch. Returns the epochs it had completed.
     *
     * <p>The report is rewritten from the loaded history: a run killed between its checkpoint and its
     * report left summary.json and the CSVs an epoch short.
     *
     * @throws Checkpoints.CheckpointException naming the file if it is missing, broken or from another run
     */
    public int resume() throws IOException {
        Checkpoints.Loaded c = checkpoints.loadForResume();
        Path file = c.file();
        parallel.checkResume(c);
        config.identity().forEach((key, want) -> {
            String had = c.get(key);
            if (!had.equals(want)) {
                throw new Checkpoints.CheckpointException(file + ": written by a run with " + key + " = " + had
                        + ", but this run has " + want + " (resume with the same settings, or use another --out)");
            }
        });
        c.loadInto(model);
        c.loadInto(sgd);
        history.clear();
        history.addAll(c.history());
        if (history.size() != c.epoch()) {
            throw new Checkpoints.CheckpointException(file + ": history has " + history.size()
                    + " epochs but the checkpoint says " + c.epoch());
        }
        best.load(c);
        MidEpoch at = MidEpoch.of(c);
        if (at != null && at.steps() != trainLoader.batchesPerEpoch()) {
            throw new Checkpoints.CheckpointException(file + ": saved at " + at.describe() + ", but this run's epochs have "
                    + trainLoader.batchesPerEpoch() + " steps (resume with the same data and settings)");
        }
        // rank 0 carries the job's running sums of the epoch (summed when saved), the others start from zero
        resumedAt = at == null || parallel.writesOutputs() ? at : at.withSums(0, 0, 0);
        resumePoint = file + (at == null ? " after epoch " + c.epoch() : " at " + at.describe());
        if (parallel.writesOutputs()) {
            writeReport();
        }
        return c.epoch();
    }

    /** "runs/x/mid-epoch.safetensors at epoch 2, step 5 of 12": what {@link #resume} continued from. */
    public String resumePoint() {
        return resumePoint;
    }

    /** Trains the remaining epochs (all, or those after a resume). */
    public List<EpochRecord> run() throws IOException {
        return run(config.optim().epochs());
    }

    /**
     * Trains until {@code stopAfter} epochs (at most the configured number) are complete, as if the
     * run were killed after that epoch's checkpoint: the resume test uses it.
     */
    public List<EpochRecord> run(int stopAfter) throws IOException {
        for (int epoch = history.size(); epoch < Math.min(stopAfter, config.optim().epochs()); epoch++) {
            MidEpoch from = resumedAt != null ? resumedAt : MidEpoch.start(epoch, trainLoader.batchesPerEpoch());
            resumedAt = null;
            EpochRecord record = trainEpoch(from);
            history.add(record);
            double heldOut = holdoutLoader == null ? Double.NaN
                    : model.evaluate(holdoutLoader, LeafOrder.NATURAL).fullAccuracy();
            boolean isBest = holdoutLoader != null && best.offer(record.epoch(), heldOut);
            log.println(record.summaryLine(config.optim().epochs()));
            log.println("  test accuracy by n: " + formatAccuracies(record.test()));
            if (holdoutLoader != null) {
                log.println(best.logLine(heldOut, isBest, model.outputs(), holdout.size()));
            }
            log.flush();
            if (!parallel.writesOutputs()) {
                continue;
            }
            checkpoints.afterEpoch(epoch + 1, isBest, file -> Checkpoints.save(file, model, sgd, config, history.size(),
                    history, checkpointNotes(Map.of())));
            writeReport();
        }
        return history();
    }

    /** The first step says how it keeps its activations (the tree decides by batch size and heap). */
    private void logMemoryPlanOnce(int batch) {
        if (memoryPlanLogged) {
            return;
        }
        memoryPlanLogged = true;
        String plan = model.memoryPlan(batch);
        if (plan != null) {
            log.println("memory: " + plan + ", batch " + batch);
            log.flush();
        }
    }

    /** One pass over the training set from {@code from} (an epoch's start, or where a stopped run saved), then the test evaluation. */
    EpochRecord trainEpoch(MidEpoch from) {
        int epoch = from.epoch();
        model.module().train(true);
        int steps = from.steps();
        double lr0 = schedule.at(epoch);
        long start = System.nanoTime();
        MidEpoch at = from;
        String task = "epoch " + (epoch + 1) + "/" + config.optim().epochs() + (from.step() > 0 ? " from step " + from.step() : "");
        try (DataLoader.Epoch batches = trainLoader.epoch(epoch, from.step());
             Progress progress = new Progress(err, task, steps - from.step())) {
            betweenSteps(from, at);
            for (Batch batch : batches) {
                logMemoryPlanOnce(batch.size());
                sgd.zeroGrad();
                TrainableModel.Step result = model.trainingStep(Tensor.of(batch.images(), batch.shape()), batch.labels());
                TrainingDiverged.checkLoss(result.reportedLoss(), epoch, at.step(), steps, keptCheckpoint());
                result.objective().backward();
                parallel.averageGradients(model.module());
                sgd.step((float) schedule.at(epoch, at.step(), steps));
                at = at.after(result.reportedLoss(), result.correct(), batch.size(),
                        from.seconds() + (System.nanoTime() - start) / 1e9);
                stepListener.afterStep(epoch, at.step());
                progress.step(at.lossSum() / at.step(), (double) at.correct() / at.seen(), at.seen() / at.seconds());
                betweenSteps(from, at);
            }
            TrainingDiverged.checkWeights(model.module().namedParameters(), epoch, at.step(), keptCheckpoint());
            double[] totals = {at.lossSum(), at.correct(), at.seen()};   // this rank's; summed over the job below
            parallel.sum(totals);
            double lossSum = totals[0] / parallel.ranks();
            long correct = (long) totals[1];
            long seen = (long) totals[2];
            double seconds = from.seconds() + (System.nanoTime() - start) / 1e9;
            EvalResult test = model.evaluate(testLoader, LeafOrder.NATURAL);
            return new EpochRecord(epoch + 1, lr0, lossSum / Math.max(1, at.step()), (double) correct / Math.max(1, seen),
                    seconds, seen / seconds, test);
        }
    }

    /**
     * At a step boundary ({@code at}; {@code from} is where this pass began): stop when asked, after
     * saving the position reached, or write a --checkpoint-every checkpoint. Every rank of a
     * data-parallel job takes the same decision ({@link DataParallel#anyRank}), so they stop at the
     * same step and none waits forever in the next step's all-reduce.
     */
    private void betweenSteps(MidEpoch from, MidEpoch at) {
        if (parallel.anyRank(stop.isRequested())) {
            if (at.step() > from.step()) {
                saveMidEpoch(at);
            }
            throw TrainingStopped.at(stop.cause(), from, at, history.size(), checkpoints);
        }
        if (checkpoints.midEpochDue(at.step(), at.steps())) {
            saveMidEpoch(at);
        }
    }

    /** Writes mid-epoch.safetensors at {@code at}; called on every rank (the running sums are summed over the job). */
    private void saveMidEpoch(MidEpoch at) {
        MidEpoch job = at;
        if (parallel.ranks() > 1) {
            double[] sums = {at.lossSum(), at.correct(), at.seen()};
            parallel.sum(sums);
            job = at.withSums(sums[0], (long) sums[1], (long) sums[2]);
        }
        if (parallel.writesOutputs()) {
            Map<String, String> position = job.metadata();
            checkpoints.saveMidEpoch(file -> Checkpoints.save(file, model, sgd, config, history.size(), history,
                    checkpointNotes(position)));
        }
    }

    /**
     * Metadata of every checkpoint that is not a setting: where the data came from, the world size,
     * the best epoch so far, and {@code more} (a mid-epoch position).
     */
    private Map<String, String> checkpointNotes(Map<String, String> more) {
        Map<String, String> m = new LinkedHashMap<>(parallel.checkpointMetadata());
        m.put(DATA_DIR_KEY, dataDir());
        m.put(DATA_FILES_KEY, provenance.toJson());
        m.putAll(best.metadata());
        m.putAll(more);
        return m;
    }

    /** The data directory the run read, as given or found ($HNE_DATA, ~/.cache/hne); the folder itself for folder. */
    private String dataDir() {
        Path dir = config.data().dataset().equals("folder") ? config.data().dir() : DataDirs.resolve(config.data().dir());
        return dir == null ? "" : dir.toAbsolutePath().toString();
    }

    /** Rewrites the report from the history (unless turned off). */
    private void writeReport() throws IOException {
        if (writeReports && !history.isEmpty()) {
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("data", provenance.toJsonValue());
            extras.putAll(best.summary(config.data().holdout()));
            RunReport.write(out, config, model, history, extras);
        }
    }

    /** What a stopped run leaves on disk, for its last message. */
    private String keptCheckpoint() {
        Path last = out.resolve(LAST);
        return Files.exists(last) ? "kept the last good checkpoint " + last : "no checkpoint was written";
    }

    static String formatAccuracies(EvalResult r) {
        StringBuilder sb = new StringBuilder();
        for (int n = 1; n <= r.models(); n++) {
            sb.append(n > 1 ? " " : "").append(String.format(java.util.Locale.ROOT, "%d:%.2f%%", n, 100 * r.accuracy()[n - 1]));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        trainLoader.close();
        testLoader.close();
        if (holdoutLoader != null) holdoutLoader.close();
    }
}
