package dev.hne.report;

import dev.hne.engine.RuntimeOptions;
import dev.hne.train.EpochRecord;
import dev.hne.train.EvalResult;
import dev.hne.train.TrainConfig;
import dev.hne.train.TrainableModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of a training run, rewritten after every epoch in the run's output folder:
 *
 * <pre>
 *   metrics.csv           epoch, n, mmacs, accuracy, loss, logit_std   one row per epoch and n (test split)
 *   epochs.csv            epoch, lr, train_loss, train_accuracy, test accuracy n=1 and n=N, seconds, images/s
 *   summary.json          settings, tree, last epoch's per-n and per-model results, best epoch
 *   accuracy-vs-mmacs.png test accuracy against cost for every n (paper Figs. 4/6), a curve per epoch shown
 *   per-model.png         each model alone (bars) and the ensemble of the first n (line) (paper Fig. 9)
 *   training-curves.png   test accuracy (n = 1, N/2, N) and train accuracy per epoch
 *   loss-curves.png       training objective and test cross-entropy per epoch
 *   report.md             the pictures and a table, for a person
 * </pre>
 * Every file is written to a temporary name and renamed, so a run killed mid-write leaves the old one.
 */
public final class RunReport {

    public static final List<String> FILES = List.of("metrics.csv", "epochs.csv", "summary.json",
            "accuracy-vs-mmacs.png", "per-model.png", "training-curves.png", "loss-curves.png", "report.md");

    private RunReport() {}

    public static void write(Path out, TrainConfig config, TrainableModel model, List<EpochRecord> history) throws IOException {
        write(out, config, model, history, Map.of());
    }

    /**
     * As above; {@code extras} are added to summary.json after the settings (the data files read,
     * the best epoch on the held-out split), each a value {@link Json#write} takes.
     */
    public static void write(Path out, TrainConfig config, TrainableModel model, List<EpochRecord> history,
                             Map<String, Object> extras) throws IOException {
        if (history.isEmpty()) {
            return;
        }
        IoErrors.doing("create the report folder", out, () -> Files.createDirectories(out));
        writeText(out.resolve("metrics.csv"), metricsCsv(history));
        writeText(out.resolve("epochs.csv"), epochsCsv(history));
        writeText(out.resolve("summary.json"), summaryJson(config, model, history, extras));
        EpochRecord last = history.get(history.size() - 1);
        String name = model.spec().name() + ", " + model.objectiveLabel();
        Plots.accuracyVsCost(out.resolve("accuracy-vs-mmacs.png"), "Accuracy vs cost: " + name, costCurves(history));
        Plots.perModel(out.resolve("per-model.png"), "Members alone and nested ensembles (" + name + ", epoch "
                + last.epoch() + ")", last.test().perModelAccuracy(), last.test().accuracy());
        Plots.curves(out.resolve("training-curves.png"), "Accuracy by epoch: " + name, "accuracy (%)",
                accuracyCurves(history));
        Plots.curves(out.resolve("loss-curves.png"), "Loss by epoch: " + name, "loss", lossCurves(history));
        writeText(out.resolve("report.md"), markdown(config, model, history));
    }

    // ---------------------------------------------------------------- CSV and JSON

    public static String metricsCsv(List<EpochRecord> history) {
        StringBuilder sb = new StringBuilder("epoch,n,mmacs,accuracy,loss,logit_std\n");
        for (EpochRecord r : history) {
            EvalResult t = r.test();
            for (int n = 1; n <= t.models(); n++) {
                sb.append(String.format(Locale.ROOT, "%d,%d,%.4f,%.6f,%.6f,%.6f%n", r.epoch(), n, t.mmacs()[n - 1],
                        t.accuracy()[n - 1], t.loss()[n - 1], t.logitStd()[n - 1]));
            }
        }
        return sb.toString();
    }

    static String epochsCsv(List<EpochRecord> history) {
        StringBuilder sb = new StringBuilder(
                "epoch,lr,train_loss,train_accuracy,test_accuracy_n1,test_accuracy_full,seconds,images_per_s\n");
        for (EpochRecord r : history) {
            sb.append(String.format(Locale.ROOT, "%d,%.6g,%.6f,%.6f,%.6f,%.6f,%.1f,%.1f%n", r.epoch(), r.lr(),
                    r.trainLoss(), r.trainAccuracy(), r.test().accuracy()[0], r.test().fullAccuracy(), r.seconds(),
                    r.imagesPerSecond()));
        }
        return sb.toString();
    }

    static String summaryJson(TrainConfig config, TrainableModel model, List<EpochRecord> history,
                              Map<String, Object> extras) {
        EpochRecord last = history.get(history.size() - 1);
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> treeInfo = new LinkedHashMap<>();
        treeInfo.put("name", model.spec().name());
        treeInfo.put(model.outputName(), model.outputs());
        treeInfo.put("parameters", model.module().parameterCount());
        if (config.isAnn()) {
            treeInfo.put("exit_weights", model.objectiveLabel());   // and metrics: n = exit
        }
        m.put("tree", treeInfo);
        m.put("config", new Json.Raw(config.toJson()));
        m.put("runtime", RuntimeOptions.current().asMap());   // the -Dhne.* knobs this JVM ran with
        m.putAll(extras);
        m.put("epochs_done", history.size());
        m.put("last_epoch", evalJson(last));
        m.put("train_seconds", history.stream().mapToDouble(EpochRecord::seconds).sum());
        return Json.write(m) + "\n";
    }

    /** One evaluation as JSON: per-n rows and per-model accuracies. */
    public static Map<String, Object> evalJson(EpochRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", r.epoch());
        m.put("train_loss", r.trainLoss());
        m.putAll(evalJson(r.test()));
        return m;
    }

    public static Map<String, Object> evalJson(EvalResult t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test_samples", t.samples());
        m.put("order", t.order());
        List<Object> rows = new ArrayList<>();
        for (int n = 1; n <= t.models(); n++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("n", n);
            row.put("mmacs", t.mmacs()[n - 1]);
            row.put("accuracy", t.accuracy()[n - 1]);
            row.put("loss", t.loss()[n - 1]);
            row.put("logit_std", t.logitStd()[n - 1]);
            rows.add(row);
        }
        m.put("by_n", rows);
        m.put("per_model_accuracy", t.perModelAccuracy());
        return m;
    }

    // ---------------------------------------------------------------- plots

    /** The accuracy/cost curve of the last epoch, and of a few earlier ones for comparison. */
    static List<Plots.Series> costCurves(List<EpochRecord> history) {
        List<Integer> shown = new ArrayList<>();
        int count = history.size();
        for (int i : new int[] {0, count / 4, count / 2, (3 * count) / 4, count - 1}) {
            if (i >= 0 && i < count && !shown.contains(i)) shown.add(i);
        }
        List<Plots.Series> series = new ArrayList<>();
        for (int i = shown.size() - 1; i >= 0; i--) {
            EpochRecord r = history.get(shown.get(i));
            series.add(new Plots.Series("epoch " + r.epoch(), r.test().mmacs(), percent(r.test().accuracy())));
        }
        return series;
    }

    static List<Plots.Series> accuracyCurves(List<EpochRecord> history) {
        int models = history.get(0).test().models();
        double[] epochs = history.stream().mapToDouble(EpochRecord::epoch).toArray();
        List<Plots.Series> s = new ArrayList<>();
        s.add(new Plots.Series("test, n = " + models, epochs,
                history.stream().mapToDouble(r -> 100 * r.test().fullAccuracy()).toArray()));
        if (models >= 4) {
            s.add(new Plots.Series("test, n = " + models / 2, epochs,
                    history.stream().mapToDouble(r -> 100 * r.test().accuracy()[models / 2 - 1]).toArray()));
        }
        s.add(new Plots.Series("test, n = 1", epochs, history.stream().mapToDouble(r -> 100 * r.test().accuracy()[0]).toArray()));
        s.add(new Plots.Series("train batches (ensemble, train mode)", epochs,
                history.stream().mapToDouble(r -> 100 * r.trainAccuracy()).toArray()));
        return s;
    }

    static List<Plots.Series> lossCurves(List<EpochRecord> history) {
        int models = history.get(0).test().models();
        double[] epochs = history.stream().mapToDouble(EpochRecord::epoch).toArray();
        return List.of(
                new Plots.Series("training objective (sum over models/ensembles)", epochs,
                        history.stream().mapToDouble(EpochRecord::trainLoss).toArray()),
                new Plots.Series("test cross-entropy, n = " + models, epochs,
                        history.stream().mapToDouble(r -> r.test().loss()[models - 1]).toArray()),
                new Plots.Series("test cross-entropy, n = 1", epochs,
                        history.stream().mapToDouble(r -> r.test().loss()[0]).toArray()));
    }

    private static double[] percent(double[] a) {
        double[] p = new double[a.length];
        for (int i = 0; i < a.length; i++) p[i] = 100 * a[i];
        return p;
    }

    // ---------------------------------------------------------------- markdown

    static String markdown(TrainConfig c, TrainableModel model, List<EpochRecord> history) {
        EpochRecord last = history.get(history.size() - 1);
        EvalResult t = last.test();
        StringBuilder sb = new StringBuilder();
        sb.append("# Training report: ").append(model.spec().name()).append(" on ").append(c.data().dataset()).append("\n\n");
        sb.append(String.format(Locale.ROOT, "Loss %s, %d %s, %,d parameters; epoch %d of %d, batch %d, lr %s (%s), "
                        + "weight decay %s, seed %d. Test split: %d images.%n%n",
                model.objectiveLabel(), model.outputs(), model.outputName(), model.module().parameterCount(),
                last.epoch(), c.optim().epochs(), c.optim().batch(), c.optim().lr(), c.optim().schedule().cliName(),
                c.optim().weightDecay(), c.seed(), t.samples()));
        sb.append("Runtime options: `").append(RuntimeOptions.current().describe()).append("`.\n\n");
        sb.append("## Accuracy against cost\n\n![accuracy vs MMACs](accuracy-vs-mmacs.png)\n\n");
        if (c.isAnn()) {
            sb.append("n is the exit: MMACs to reach it (all earlier stages and exits), its accuracy and loss.\n\n");
        }
        sb.append("| n | MMACs | accuracy | loss | logit std | model n alone |\n|---|---|---|---|---|---|\n");
        for (int n = 1; n <= t.models(); n++) {
            sb.append(String.format(Locale.ROOT, "| %d | %.2f | %.2f%% | %.4f | %.4f | %.2f%% |%n", n, t.mmacs()[n - 1],
                    100 * t.accuracy()[n - 1], t.loss()[n - 1], t.logitStd()[n - 1], 100 * t.perModelAccuracy()[n - 1]));
        }
        sb.append("\n## Models alone and nested ensembles\n\n![per-model accuracy](per-model.png)\n\n");
        sb.append("## Training curves\n\n![accuracy by epoch](training-curves.png)\n\n![loss by epoch](loss-curves.png)\n\n");
        sb.append("Numbers: `metrics.csv` (every epoch and n), `epochs.csv`, `summary.json`. "
                + "Checkpoint: `last.safetensors`.\n");
        return sb.toString();
    }

    static void writeText(Path file, String text) {
        AtomicFiles.writeText(file, text);
    }
}
