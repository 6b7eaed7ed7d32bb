package dev.hne.cli;

import dev.hne.anytime.LeafOrder;
import dev.hne.anytime.StagedModel;
import dev.hne.datasets.DataLoader;
import dev.hne.datasets.LoaderOptions;
import dev.hne.datasets.SampleShape;
import dev.hne.policy.PolicyFile;
import dev.hne.policy.SweepPoint;
import dev.hne.report.HeapCheck;
import dev.hne.report.Json;
import dev.hne.report.Plots;
import dev.hne.report.PolicyReport;
import dev.hne.report.RunReport;
import dev.hne.report.Tables;
import dev.hne.train.Checkpoints;
import dev.hne.train.DataProvenance;
import dev.hne.train.EvalResult;
import dev.hne.train.RunData;
import dev.hne.train.TrainableModel;
import dev.hne.train.Trainer;
import dev.hne.tree.TreeSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./hne eval --checkpoint F}: rebuilds the tree a training checkpoint was made of (from its
 * metadata), loads the weights and evaluates every n = 1..N on a test split: accuracy and loss of
 * the ensemble of the first n models, their logit std (diversity), MMACs, and each model's own
 * accuracy. By default it uses the same test images the run was scored on, so it reproduces the
 * training log's numbers. Several {@code --checkpoint}s with {@code --out} also draw their
 * accuracy/cost curves in one picture (e.g. two objectives side by side).
 *
 * <p>{@code --policy learned,threshold} adds adaptive evaluation (docs/anytime.md): per-image early
 * exit after each member, with policies calibrated on the run's held-out split ({@code train
 * --holdout}), saved next to the checkpoint and measured on the test split ({@link PolicyEval}).
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a training checkpoint: per-n accuracy, per-model accuracy, logit std, MMACs.")
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", description = "a checkpoint written by ./hne train (e.g. runs/x/last.safetensors); repeat to compare")
    List<Path> checkpoints;

    @Option(names = "--dataset", description = "dataset to evaluate on (default: the checkpoint's)")
    String dataset;

    @Option(names = "--data", description = "data directory (default: $HNE_DATA, else ~/.cache/hne)")
    Path data;

    @Option(names = "--test-size", description = "use the first K test images (default: the checkpoint's; 0 = all)")
    Integer testSize;

    @Option(names = "--batch", defaultValue = "128", description = "images per forward pass (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--order", defaultValue = "natural", description = "leaf order: natural or diverse (default ${DEFAULT-VALUE})")
    String order;

    @Option(names = "--out", description = "also write eval.json and plots here")
    Path out;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda (default ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--policy", split = ",", description = "adaptive early exit: learned (paper 002), threshold (MSDNet-style), or both: learned,threshold")
    List<String> policies;

    @Option(names = "--budget", split = ",", description = "threshold policy: average MMACs per image to calibrate for, e.g. 3,4.5 (default: 6 budgets across the model's range)")
    List<Double> budgets;

    @Option(names = "--tradeoffs", split = ",", description = "learned policy: trade-offs lambda (error per whole-model cost saved), e.g. 0.01,0.05 (default 0.002 .. 0.16)")
    List<Double> tradeoffs;

    @Option(names = "--select", split = ",", description = "network selection over a cascade, cheapest first: CKPT[@n=K|@exit=K][@early=learned:L|threshold:B],CKPT,... with --policy learned,threshold, or eann (docs/anytime.md)")
    List<String> select;

    @Option(names = "--timing-rounds", defaultValue = "1", description = "--policy: measure every policy and fixed n this many times, interleaved, and report the median timing (default 1: fixed n before and after the policies)")
    int timingRounds;

    @Option(names = "--refit", description = "calibrate the policies again even if the checkpoint's .policy.properties has them")
    boolean refit;

    @Override
    public Integer call() throws IOException {
        OptionChecks.atLeast("--batch", batch, 1);
        if (testSize != null) OptionChecks.atLeast("--test-size", testSize, 0);
        if (budgets != null) budgets.forEach(v -> OptionChecks.positive("--budget", v));
        if (tradeoffs != null) tradeoffs.forEach(v -> OptionChecks.nonNegative("--tradeoffs", v));
        OptionChecks.atLeast("--timing-rounds", timingRounds, 1);
        Devices.use(device);
        LeafOrder leafOrder;
        try {
            leafOrder = LeafOrder.parse(order);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        if (select != null) {   // network selection: its own path (SelectEval)
            if (dataset != null) {
                throw new UserException("--select fits and scores the cascade on its checkpoints' dataset; do not pass --dataset " + dataset);
            }
            if (timingRounds != 1) {
                throw new UserException("--timing-rounds is for --policy on one checkpoint, not for --select");
            }
            new SelectEval(new SelectEval.Options(select, policies, tradeoffs, budgets, refit, batch, leafOrder, out, data,
                    testSize, checkpoints), spec.commandLine().getOut()).run();
            return 0;
        }
        if (checkpoints == null) {
            throw new UserException("eval needs --checkpoint FILE (or --select A,B,... for a cascade)");
        }
        if (policies != null) {
            for (String p : policies) {
                if (!p.equals("learned") && !p.equals("threshold")) {
                    throw new UserException("unknown --policy '" + p + "'; use learned, threshold or learned,threshold");
                }
            }
            if (checkpoints.size() != 1) {
                throw new UserException("--policy evaluates one --checkpoint at a time, got " + checkpoints.size());
            }
        } else if (budgets != null || tradeoffs != null || refit || timingRounds != 1) {
            throw new UserException("--budget, --tradeoffs, --refit and --timing-rounds need --policy");
        }
        PrintWriter log = spec.commandLine().getOut();
        List<Plots.Series> curves = new ArrayList<>();
        Map<String, Object> json = new LinkedHashMap<>();
        EvalResult lastResult = null;
        for (Path file : checkpoints) {
            EvalResult r;
            String label;
            try {
                Checkpoints.Loaded c = Checkpoints.load(file);
                TrainableModel model = c.buildModel();   // an HNE or an anytime network (n = exit)
                TreeSpec tree = model.spec();
                String name = dataset != null ? dataset.toLowerCase(Locale.ROOT) : c.get("dataset");
                boolean same = name.equals(c.get("dataset"));
                int size = testSize != null ? testSize : same ? c.getInt("test_size") : 0;
                Path dataDir = dataDir(c, same, log);
                RunData d = RunData.open(name, dataDir, c.getLong("seed"), same ? c.getInt("train_size") : 0, size);
                SampleShape s = d.evalTransform().outputShape(d.test().sampleShape());   // folders: after the crop
                if (s.channels() != tree.inChannels() || s.height() != tree.resolution()
                        || s.width() != tree.resolution() || d.test().numClasses() != tree.classes()) {
                    throw new UserException(file + ": the tree takes " + tree.inChannels() + "x"
                            + tree.resolution() + "x" + tree.resolution() + " images and "
                            + tree.classes() + " classes, but " + name + " has " + s + " and "
                            + d.test().numClasses() + " classes");
                }
                printTestFiles(c, d, log);
                label = tree.name() + ", " + c.objectiveLabel() + ", epoch " + c.epoch();
                log.printf(Locale.ROOT, "%s: %s, %d %s, %,d parameters, trained %d epochs with loss %s; %s test split, %d images, %s order%n",
                        file, tree.name(), model.outputs(), model.outputName(), model.module().parameterCount(), c.epoch(),
                        c.objectiveLabel(), name,
                        d.test().size(), leafOrder.cliName());
                Adaptive adaptive = policies == null ? null : prepare(file, c, model, leafOrder, dataDir);   // checks first
                try (DataLoader loader = new DataLoader(d.test(), d.evalTransform(),
                        LoaderOptions.of(batch).withShuffle(false).withLastBatch(LoaderOptions.LastBatch.KEEP))) {
                    r = model.evaluate(loader, leafOrder);
                    if (adaptive != null) {
                        Tables.anytime(log, r);
                        log.println();
                        run(adaptive, file, tree, d, loader, leafOrder, log);
                    }
                }
            } catch (Checkpoints.CheckpointException e) {
                throw new UserException(e.getMessage());
            }
            if (policies == null) {
                Tables.anytime(log, r);
                log.println();
            }
            curves.add(new Plots.Series(label, r.mmacs(), percent(r.accuracy())));
            Map<String, Object> entry = RunReport.evalJson(r);
            json.put(file.toString(), entry);
            lastResult = r;
            if (out != null) {
                Files.createDirectories(out);
                String stem = checkpoints.size() == 1 ? "" : "-" + (json.size());
                Plots.perModel(out.resolve("per-model" + stem + ".png"), "Members alone and nested ensembles: " + label,
                        r.perModelAccuracy(), r.accuracy());
            }
        }
        if (out != null && lastResult != null) {
            Files.writeString(out.resolve("eval.json"), Json.write(json) + "\n");
            Plots.accuracyVsCost(out.resolve("accuracy-vs-mmacs.png"), "Anytime accuracy (" + order + " order)", curves);
            log.printf("wrote %s, accuracy-vs-mmacs.png and per-model plots in %s%n", out.resolve("eval.json"), out);
        }
        log.flush();
        return 0;
    }

    /**
     * The data directory to evaluate on: {@code --data} if given, else the one the checkpoint
     * recorded (so a run is scored on the data it was trained with, not on whatever the default
     * location holds), else the default. Says which, in one line.
     */
    private Path dataDir(Checkpoints.Loaded c, boolean sameDataset, PrintWriter log) {
        String recorded = c.metadata().getOrDefault(Trainer.DATA_DIR_KEY, "");
        if (data != null) {
            log.printf("data: %s (--data%s)%n", data, sameDataset && !recorded.isEmpty()
                    ? "; the checkpoint was trained on " + recorded : "");
            return data;
        }
        if (sameDataset && !recorded.isEmpty()) {
            log.printf("data: %s (recorded in the checkpoint; --data DIR to use another)%n", recorded);
            return Path.of(recorded);
        }
        log.println("data: the default location ($HNE_DATA, else ~/.cache/hne; --data DIR to choose)");
        return null;
    }

    /** The test files read (path, size, checksum), and whether the run recorded the same ones. */
    private static void printTestFiles(Checkpoints.Loaded c, RunData d, PrintWriter log) {
        DataProvenance p = DataProvenance.ofSplit("test", d.test());
        p.lines().forEach(log::println);
        String recorded = c.metadata().get(Trainer.DATA_FILES_KEY);
        if (recorded != null && !p.splits().get(0).files().isEmpty()) {
            log.println(p.sameFilesAs(recorded) ? "  (the same files the run recorded)"
                    : "  note: NOT the files the run recorded in its checkpoint (metadata data_files)");
        }
    }

    /** What --policy needs, checked before any evaluation runs. */
    private record Adaptive(StagedModel model, RunData data, int holdout, double[] budgets, double[] tradeoffs) {}

    private Adaptive prepare(Path file, Checkpoints.Loaded c, TrainableModel trainable, LeafOrder leafOrder,
                             Path dataDir) {
        if (c.metadata().get("holdout") == null) {
            throw new UserException(file + ": no held-out split recorded; train with --holdout N to calibrate early-exit policies on (docs/anytime.md)");
        }
        if (dataset != null && !dataset.toLowerCase(Locale.ROOT).equals(c.get("dataset"))) {
            throw new UserException("--policy calibrates on the checkpoint's held-out split of " + c.get("dataset")
                    + "; do not pass --dataset " + dataset);
        }
        int holdout = c.getInt("holdout");
        trainable.module().eval();
        StagedModel model = trainable.staged(leafOrder);
        double[] budgetList = PolicyEval.budgets(model, budgets);
        double[] tradeoffList = PolicyEval.tradeoffs(tradeoffs);
        try {
            RunData withHoldout = RunData.open(c.get("dataset"), dataDir, c.getLong("seed"),
                    c.getInt("train_size"), c.getInt("test_size"), holdout);
            return new Adaptive(model, withHoldout, holdout, budgetList, tradeoffList);
        } catch (IllegalArgumentException e) {
            throw new UserException(file + ": " + e.getMessage());
        }
    }

    /** The --policy part: fixed n, then each policy, measured on the test split; report in --out. */
    private void run(Adaptive a, Path file, TreeSpec tree, RunData d, DataLoader test, LeafOrder leafOrder,
                     PrintWriter log) throws IOException {
        StagedModel model = a.model();
        RunData withHoldout = a.data();
        int holdout = a.holdout();
        double[] budgetList = a.budgets(), tradeoffList = a.tradeoffs();
        PolicyEval eval = new PolicyEval(model, leafOrder.cliName(), PolicyFile.loadOrEmpty(file, holdout), refit, log);
        log.printf("adaptive evaluation, %s order: held-out split %s (%d images, never trained on), test split %d images%n",
                leafOrder.cliName(), withHoldout.holdout().name(), holdout, d.test().size());
        log.println(HeapCheck.ofThisJvm("the CPU times per image below carry seconds of kernel time at random points"));
        List<SweepPoint> points = new ArrayList<>();
        try (DataLoader held = new DataLoader(withHoldout.holdout(), withHoldout.evalTransform(),
                LoaderOptions.of(batch).withShuffle(false).withLastBatch(LoaderOptions.LastBatch.KEEP))) {
            PolicyEval.warmUp(model, test);
            eval.fixed(held, test);
            if (policies.contains("threshold")) eval.thresholds(held, test, budgetList);
            if (policies.contains("learned")) eval.learned(held, test, tradeoffList);
            points.addAll(eval.timings(test, timingRounds));
        }
        eval.saveIfChanged();
        log.println();
        PolicyReport.table(log, points);
        log.println();
        if (out != null) {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("checkpoint", file.toString());
            settings.put("order", leafOrder.cliName());
            settings.put("holdout", withHoldout.holdout().name());
            settings.put("test", d.test().name());
            settings.put("batch", batch);
            settings.put("policy_file", PolicyFile.sidecar(file).toString());
            PolicyReport.write(out, "Adaptive evaluation: " + tree.name() + " (" + leafOrder.cliName() + " order)",
                    settings, points);
            log.printf("wrote policy.csv, policy.json, accuracy-vs-avg-mmacs.png and accuracy-vs-ms.png in %s%n", out);
        }
    }

    private static double[] percent(double[] a) {
        double[] p = new double[a.length];
        for (int i = 0; i < a.length; i++) p[i] = 100 * a[i];
        return p;
    }
}
