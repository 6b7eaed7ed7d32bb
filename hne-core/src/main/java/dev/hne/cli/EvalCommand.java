package dev.hne.cli;

import dev.hne.anytime.LeafOrder;
import dev.hne.datasets.DataLoader;
import dev.hne.datasets.LoaderOptions;
import dev.hne.datasets.SampleShape;
import dev.hne.report.Json;
import dev.hne.report.Plots;
import dev.hne.report.RunReport;
import dev.hne.report.Tables;
import dev.hne.train.Checkpoints;
import dev.hne.train.EvalResult;
import dev.hne.train.RunData;
import dev.hne.train.TrainableModel;
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
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a training checkpoint: per-n accuracy, per-model accuracy, logit std, MMACs.")
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, description = "a checkpoint written by ./hne train (e.g. runs/x/last.safetensors); repeat to compare")
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

    @Override
    public Integer call() throws IOException {
        if (batch <= 0 || (testSize != null && testSize < 0)) {
            throw new UserException("--batch must be positive and --test-size >= 0");
        }
        LeafOrder leafOrder;
        try {
            leafOrder = LeafOrder.parse(order);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
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
                RunData d = RunData.open(name, data, Long.parseLong(c.get("seed")), same ? c.getInt("train_size") : 0, size);
                SampleShape s = d.test().sampleShape();
                if (s.channels() != tree.inChannels() || s.height() != tree.resolution()
                        || s.width() != tree.resolution() || d.test().numClasses() != tree.classes()) {
                    throw new UserException(file + ": the tree takes " + tree.inChannels() + "x"
                            + tree.resolution() + "x" + tree.resolution() + " images and "
                            + tree.classes() + " classes, but " + name + " has " + s + " and "
                            + d.test().numClasses() + " classes");
                }
                label = tree.name() + ", " + c.objectiveLabel() + ", epoch " + c.epoch();
                log.printf(Locale.ROOT, "%s: %s, %d %s, %,d parameters, trained %d epochs with loss %s; %s test split, %d images, %s order%n",
                        file, tree.name(), model.outputs(), model.outputName(), model.module().parameterCount(), c.epoch(),
                        c.objectiveLabel(), name,
                        d.test().size(), leafOrder.cliName());
                try (DataLoader loader = new DataLoader(d.test(), d.evalTransform(),
                        LoaderOptions.of(batch).withShuffle(false).withLastBatch(LoaderOptions.LastBatch.KEEP))) {
                    r = model.evaluate(loader, leafOrder);
                }
            } catch (Checkpoints.CheckpointException e) {
                throw new UserException(e.getMessage());
            }
            Tables.anytime(log, r);
            log.println();
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

    private static double[] percent(double[] a) {
        double[] p = new double[a.length];
        for (int i = 0; i < a.length; i++) p[i] = 100 * a[i];
        return p;
    }
}
