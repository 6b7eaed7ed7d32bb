package dev.hne.cli;

import dev.hne.anytime.LeafOrder;
import dev.hne.cascade.EannCurve;
import dev.hne.datasets.DataLoader;
import dev.hne.policy.StageTable;
import dev.hne.report.Plots;
import dev.hne.train.Checkpoints;
import dev.hne.train.EvalResult;
import dev.hne.train.RunData;
import dev.hne.train.TrainableModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./hne eval --select A,B,C --policy eann [--checkpoint X ...] --out DIR}: the cascade as an
 * EANN (paper 003, Oct 2017; docs/ann.md §7): anytime networks of growing depth run one after
 * the other, every exit of each, and at each point the answer of the best exit reached so far
 * ({@link EannCurve}: "best" on the held-out split, accuracy on the test split, cost from the cost
 * model). Prints the curve and, per network, the cost overhead against the geometric bound; with
 * --out writes eann.csv, eann-overheads.csv and eann-vs-mmacs.png, where each extra --checkpoint
 * (one ANN, an HNE) is drawn beside the EANN from its own per-exit / per-n test accuracy.
 */
final class EannEval {

    private final CascadeCheckpoints cascade;
    private final CascadeData data;
    private final int batch;
    private final Path out;
    private final List<Path> compare;
    private final LeafOrder order;
    private final PrintWriter log;

    EannEval(CascadeCheckpoints cascade, CascadeData data, int batch, Path out, List<Path> compare, LeafOrder order,
             PrintWriter log) {
        this.cascade = cascade;
        this.data = data;
        this.batch = batch;
        this.out = out;
        this.compare = compare == null ? List.of() : compare;
        this.order = order;
        this.log = log;
    }

    void run() throws IOException {
        for (int m = 0; m < cascade.size(); m++) {
            if (!cascade.ann().get(m)) {
                throw new UserException("--policy eann: " + cascade.specs().get(m).text()
                        + " is an HNE; an EANN is a sequence of anytime networks (ann-resnet*)");
            }
            if (cascade.specs().get(m).early() != null) {
                throw new UserException("--policy eann: " + cascade.specs().get(m).text()
                        + " has @early; an EANN runs every exit, so drop it");
            }
        }
        List<TrainableModel> others = new ArrayList<>();
        for (Path p : compare) {
            try {
                others.add(Checkpoints.load(p).buildModel());
            } catch (Checkpoints.CheckpointException e) {
                throw new UserException(e.getMessage());
            }
        }
        RunData d = data.data();
        List<StageTable> held = new ArrayList<>(), test = new ArrayList<>();
        try (DataLoader h = SelectEval.loader(d.holdout(), d.evalTransform(), batch);
             DataLoader t = SelectEval.loader(d.test(), d.evalTransform(), batch)) {
            for (int m = 0; m < cascade.size(); m++) {
                log.printf("network %d (%s): every exit on the held-out and the test split ...%n", m + 1, cascade.specs().get(m).text());
                log.flush();
                held.add(StageTable.collect(cascade.models().get(m), h, null));
                test.add(StageTable.collect(cascade.models().get(m), t, null));
            }
            EannCurve curve = EannCurve.of(held, test);
            double[] overhead = EannCurve.overheads(test);
            double bound = EannCurve.bound(test);
            print(curve, test, overhead, bound);
            if (out != null) {
                List<Plots.Series> series = new ArrayList<>();
                series.add(series("EANN (best exit so far)", curve));
                for (int i = 0; i < others.size(); i++) {
                    others.get(i).module().eval();
                    EvalResult r = others.get(i).evaluate(t, order);
                    double[] acc = new double[r.accuracy().length];
                    for (int j = 0; j < acc.length; j++) acc[j] = 100 * r.accuracy()[j];
                    series.add(new Plots.Series(compare.get(i).toString() + " (" + others.get(i).spec().name() + ")", r.mmacs(), acc));
                }
                write(curve, test, overhead, bound, series);
            }
        }
        log.flush();
    }

    private void print(EannCurve curve, List<StageTable> test, double[] overhead, double bound) {
        log.println();
        log.printf("%-8s %5s %10s %14s %10s %10s%n", "network", "exit", "MMACs", "answers with", "held-out", "test");
        for (EannCurve.Point p : curve.points()) {
            log.printf(Locale.ROOT, "%-8d %5d %10.3f %14s %9.2f%% %9.2f%%%n", p.network(), p.exit(), p.mmacs(),
                    p.answerNetwork() + "." + p.answerExit(), 100 * p.holdoutAccuracy(), 100 * p.testAccuracy());
        }
        log.println();
        log.println("cost to reach network k's last exit, relative to network k alone (the paper's constant fraction):");
        for (int k = 0; k < overhead.length; k++) {
            log.printf(Locale.ROOT, "  network %d: %.3f MMACs alone, overhead %.3f%n", k + 1,
                    test.get(k).cumulativeMMacs(test.get(k).stages()), overhead[k]);
        }
        log.printf(Locale.ROOT, "  bound b / (b - 1) = %.3f, b = %.3f the smallest cost ratio of consecutive networks%n", bound,
                bound / (bound - 1));
    }

    private static Plots.Series series(String name, EannCurve curve) {
        List<EannCurve.Point> pts = curve.points();
        double[] x = new double[pts.size()], y = new double[pts.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pts.get(i).mmacs();
            y[i] = 100 * pts.get(i).testAccuracy();
        }
        return new Plots.Series(name, x, y);
    }

    private void write(EannCurve curve, List<StageTable> test, double[] overhead, double bound, List<Plots.Series> series)
            throws IOException {
        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder("network,exit,mmacs,answer_network,answer_exit,holdout_accuracy,test_accuracy\n");
        for (EannCurve.Point p : curve.points()) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%.6f,%d,%d,%.6f,%.6f%n", p.network(), p.exit(), p.mmacs(),
                    p.answerNetwork(), p.answerExit(), p.holdoutAccuracy(), p.testAccuracy()));
        }
        writeText(out.resolve("eann.csv"), csv.toString());
        StringBuilder o = new StringBuilder("network,checkpoint,mmacs_alone,overhead,bound\n");
        for (int k = 0; k < overhead.length; k++) {
            o.append(String.format(Locale.ROOT, "%d,%s,%.6f,%.6f,%.6f%n", k + 1, cascade.specs().get(k).text(),
                    test.get(k).cumulativeMMacs(test.get(k).stages()), overhead[k], bound));
        }
        writeText(out.resolve("eann-overheads.csv"), o.toString());
        Plots.accuracyVsAverageCost(out.resolve("eann-vs-mmacs.png"), "EANN: anytime networks of growing depth, one after the other",
                "MMACs per image spent so far (cost model)", "test accuracy (%)", series);
        log.printf("wrote eann.csv, eann-overheads.csv and eann-vs-mmacs.png in %s%n", out);
    }

    private static void writeText(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
