package dev.hne.cli;

import dev.hne.anytime.LeafOrder;
import dev.hne.anytime.StagedModel;
import dev.hne.cascade.CascadeEvaluator;
import dev.hne.cascade.CascadeNetwork;
import dev.hne.cascade.CascadeSpec;
import dev.hne.cascade.LearnedSelection;
import dev.hne.cascade.SelectionTable;
import dev.hne.cascade.ThresholdSelection;
import dev.hne.datasets.DataLoader;
import dev.hne.datasets.Dataset;
import dev.hne.datasets.LoaderOptions;
import dev.hne.datasets.SampleShape;
import dev.hne.datasets.transform.Transform;
import dev.hne.policy.ExitPolicy;
import dev.hne.policy.LearnedPolicy;
import dev.hne.policy.Outcome;
import dev.hne.policy.PolicyFile;
import dev.hne.policy.StageTable;
import dev.hne.policy.SweepPoint;
import dev.hne.policy.ThresholdPolicy;
import dev.hne.report.PolicyReport;
import dev.hne.train.RunData;
import dev.hne.tree.TreeSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./hne eval --select A,B[,C...] --policy learned,threshold}: network selection over a
 * cascade of checkpoints (paper 002; docs/anytime.md, "Network selection"). Steps:
 * <ol>
 *   <li>load and check the checkpoints ({@link CascadeCheckpoints}) and the splits ({@link CascadeData});</li>
 *   <li>networks with {@code @early=...} get their own early-exit policy, fitted on the held-out split;</li>
 *   <li>every network on every held-out and test image ({@link SelectionTable}): what the selectors are
 *       fitted on, and the oracle;</li>
 *   <li>selectors from the cascade's policy file, the missing ones (all with --refit) fitted and saved;</li>
 *   <li>measured on the test split ({@link CascadeEvaluator}): each network alone (before and after the
 *       rest, timings averaged), each selector, and the last network's own early exit.</li>
 * </ol>
 * {@code --policy eann} evaluates the cascade as an EANN instead ({@link EannEval}).
 */
final class SelectEval {

    /** The eval options this path uses. */
    record Options(List<String> select, List<String> policies, List<Double> tradeoffs, List<Double> budgets, boolean refit,
                   int batch, LeafOrder order, Path out, Path data, Integer testSize, List<Path> compare) {}

    private final Options o;
    private final PrintWriter log;

    SelectEval(Options options, PrintWriter log) {
        this.o = options;
        this.log = log;
    }

    void run() throws IOException {
        List<String> policies = o.policies() == null ? List.of("learned", "threshold") : o.policies();
        for (String p : policies) {
            if (!p.equals("learned") && !p.equals("threshold") && !p.equals("eann")) {
                throw new UserException("unknown --policy '" + p + "' with --select; use learned, threshold (network selection) or eann");
            }
        }
        if (policies.contains("eann") && policies.size() > 1) {
            throw new UserException("--policy eann evaluates the cascade as an EANN; give it alone, not with " + policies);
        }
        if (o.compare() != null && !policies.contains("eann")) {
            throw new UserException("--checkpoint with --select is drawn beside an EANN; use it with --policy eann");
        }
        double[] tradeoffs = PolicyEval.tradeoffs(o.tradeoffs());
        CascadeCheckpoints cascade = CascadeCheckpoints.load(o.select(), o.order());
        CascadeData data = CascadeData.open(cascade.checkpoints(), o.data(), o.testSize(), log);
        checkImages(cascade, data.data());
        if (policies.contains("eann")) {
            new EannEval(cascade, data, o.batch(), o.out(), o.compare(), o.order(), log).run();
            return;
        }
        PolicyFile file = cascade.policyFile(o.order(), data.holdout());
        RunData d = data.data();
        try (DataLoader held = loader(d.holdout(), d.evalTransform(), o.batch());
             DataLoader test = loader(d.test(), d.evalTransform(), o.batch())) {
            List<CascadeNetwork> networks = new ArrayList<>();
            boolean changed = false;
            for (int m = 1; m <= cascade.size(); m++) {
                CascadeSpec s = cascade.specs().get(m - 1);
                StagedModel model = cascade.models().get(m - 1);
                PolicyEval.warmUp(model, test);
                if (s.early() == null) {
                    networks.add(CascadeNetwork.whole(s.text(), model));
                } else {
                    String prefix = "net" + m + "." + o.order().cliName();
                    ExitPolicy inner = s.early().kind().equals("learned") ? file.learned(prefix, s.early().parameter())
                            : file.threshold(prefix, s.early().parameter());
                    if (inner == null || o.refit()) {
                        inner = fitInner(s, model, held);
                        if (inner instanceof LearnedPolicy l) file.put(prefix, l);
                        else file.put(prefix, (ThresholdPolicy) inner);
                        changed = true;
                    }
                    networks.add(new CascadeNetwork(s.text(), model, inner));
                }
            }
            log.printf("running the held-out split (%d images) and the test split (%d images) through all %d networks ...%n",
                    data.holdout(), data.data().test().size(), networks.size());
            log.flush();
            SelectionTable heldTable = SelectionTable.collect(networks, held, log);
            SelectionTable testTable = SelectionTable.collect(networks, test, null);
            CascadeEvaluator evaluator = new CascadeEvaluator(networks);

            List<SweepPoint> alone = new ArrayList<>();
            for (int m = 1; m <= networks.size(); m++) {
                Outcome t = progress(evaluator.alone(test, m));
                alone.add(new SweepPoint("network alone", m, t, heldTable.alone(m, t.label())));
            }
            List<SweepPoint> points = new ArrayList<>();
            points.add(new SweepPoint("oracle", 0, testTable.oracle(), heldTable.oracle()));
            if (policies.contains("threshold")) {
                for (double b : budgets(heldTable)) {
                    ThresholdPolicy t = o.refit() ? null : file.threshold("select", b);
                    if (t == null) {
                        t = ThresholdPolicy.calibrate(heldTable.withoutJumps(), b);
                        file.put("select", t);
                        changed = true;
                    }
                    points.add(measure("threshold selection", b, new ThresholdSelection(t), evaluator, test, heldTable));
                }
            }
            if (policies.contains("learned")) {
                for (double lambda : tradeoffs) {
                    LearnedPolicy stop = o.refit() ? null : file.learned("select.stop", lambda);
                    LearnedPolicy jump = o.refit() ? null : file.learned("select.jump", lambda);
                    LearnedSelection p;
                    if (stop == null || jump == null) {
                        p = LearnedSelection.fit(heldTable, lambda);
                        file.put("select.stop", p.stopPolicy());
                        file.put("select.jump", p.jumpPolicy());
                        changed = true;
                    } else {
                        p = new LearnedSelection(lambda, stop, jump);
                    }
                    points.add(measure("learned selection", lambda, p, evaluator, test, heldTable));
                }
            }
            changed |= earlyExitOfTheLast(cascade, file, held, test, tradeoffs, policies, points);
            log.println("each network alone again, to average its timing over the start and the end of the measurements:");
            for (int m = 1; m <= networks.size(); m++) {
                SweepPoint first = alone.get(m - 1);
                Outcome again = progress(evaluator.alone(test, m));
                points.add(m - 1, new SweepPoint(first.kind(), m, first.test().meanTimingWith(again), first.holdout()));
            }
            if (changed) {
                file.save();
                log.printf("fitted on the held-out split and saved: %s%n", file.file());
            } else {
                log.printf("policies loaded from %s (--refit to fit them again)%n", file.file());
            }
            log.println();
            PolicyReport.table(log, points);
            log.println();
            if (o.out() != null) {
                Map<String, Object> settings = new LinkedHashMap<>();
                settings.put("select", String.join(",", o.select()));
                settings.put("order", o.order().cliName());
                settings.put("holdout", data.data().holdout().name());
                settings.put("test", data.data().test().name());
                settings.put("batch", o.batch());
                settings.put("policy_file", file.file().toString());
                PolicyReport.write(o.out(), "Network selection over " + networks.size() + " networks", settings, points);
                log.printf("wrote policy.csv, policy.json, accuracy-vs-avg-mmacs.png and accuracy-vs-ms.png in %s%n", o.out());
            }
        }
        log.flush();
    }

    /** A network's own early-exit policy, fitted on the held-out split for its @early parameter. */
    private ExitPolicy fitInner(CascadeSpec s, StagedModel model, DataLoader held) {
        log.printf("fitting %s of %s on the held-out split ...%n", s.early().label(), s.text());
        StageTable table = StageTable.collect(model, held, log);
        try {
            return s.early().kind().equals("learned") ? LearnedPolicy.fit(table, s.early().parameter())
                    : ThresholdPolicy.calibrate(table, s.early().parameter());
        } catch (IllegalArgumentException e) {
            throw new UserException("--select " + s.text() + ": " + e.getMessage());
        }
    }

    /**
     * The last (costliest) network's own early exit, for comparison with selection: its early-exit
     * policies over its own stages (an HNE's members, an ANN's exits), fitted on the same held-out split.
     *
     * @return whether policies were fitted (the file changed)
     */
    private boolean earlyExitOfTheLast(CascadeCheckpoints cascade, PolicyFile file, DataLoader held, DataLoader test,
                                       double[] tradeoffs, List<String> policies, List<SweepPoint> points) throws IOException {
        int last = cascade.size();
        StagedModel model = cascade.models().get(last - 1);
        if (model.stages() < 2) {
            return false;
        }
        String kind = "early exit in network " + last;
        log.printf("%s (%s) stopping each image by its own policy:%n", kind, cascade.specs().get(last - 1).text());
        PolicyEval eval = new PolicyEval(model, "last." + o.order().cliName(), file, o.refit(), log);
        List<SweepPoint> own = new ArrayList<>();
        if (policies.contains("learned")) own.addAll(eval.learned(held, test, tradeoffs));
        if (policies.contains("threshold")) own.addAll(eval.thresholds(held, test, PolicyEval.budgets(model, null)));
        for (SweepPoint p : own) points.add(new SweepPoint(kind + " (" + p.kind() + ")", p.parameter(), p.test(), p.holdout()));
        return eval.changed();
    }

    /** Budgets for the threshold selector: the user's, or spread over what the cascade can spend. */
    private double[] budgets(SelectionTable heldTable) {
        StageTable stages = heldTable.withoutJumps();
        double low = stages.cumulativeMMacs(1), high = stages.cumulativeMMacs(stages.stages());
        if (o.budgets() == null) {
            double[] b = new double[PolicyEval.DEFAULT_BUDGET_FRACTIONS.length];
            for (int i = 0; i < b.length; i++) b[i] = Math.round((low + PolicyEval.DEFAULT_BUDGET_FRACTIONS[i] * (high - low)) * 1000) / 1000.0;
            return b;
        }
        for (double b : o.budgets()) {
            if (!(b >= low && b <= high)) {
                throw new UserException(String.format(Locale.ROOT,
                        "--budget %s MMACs is outside what the cascade can spend per image: %.3f (network 1) to %.3f (all %d networks)",
                        b, low, high, stages.stages()));
            }
        }
        return o.budgets().stream().mapToDouble(Double::doubleValue).toArray();
    }

    private SweepPoint measure(String kind, double parameter, dev.hne.cascade.SelectionPolicy p, CascadeEvaluator evaluator,
                               DataLoader test, SelectionTable heldTable) {
        return new SweepPoint(kind, parameter, progress(evaluator.evaluate(test, p)), heldTable.simulate(p));
    }

    /** The test images must be what the networks take (checked once: every network takes the first's). */
    private static void checkImages(CascadeCheckpoints cascade, RunData d) {
        TreeSpec tree = cascade.trainables().get(0).spec();
        SampleShape s = d.evalTransform().outputShape(d.test().sampleShape());
        if (s.channels() != tree.inChannels() || s.height() != tree.resolution() || s.width() != tree.resolution()
                || d.test().numClasses() != tree.classes()) {
            throw new UserException("--select: the networks take " + tree.inChannels() + "x" + tree.resolution() + "x"
                    + tree.resolution() + " images and " + tree.classes() + " classes, but the test split has " + s + " and "
                    + d.test().numClasses() + " classes");
        }
    }

    /** A split in order, every image once, with the evaluation transform. */
    static DataLoader loader(Dataset split, Transform transform, int batch) {
        return new DataLoader(split, transform, LoaderOptions.of(batch).withShuffle(false)
                .withLastBatch(LoaderOptions.LastBatch.KEEP));
    }

    private Outcome progress(Outcome r) {
        log.printf(Locale.ROOT, "  %-44s accuracy %6.2f%%  avg %.3f MMACs  %.3f ms/image (wall), %.3f CPU ms/image%n",
                r.label(), 100 * r.accuracy(), r.averageMMacs(), r.msPerExample(), r.cpuMsPerExample());
        log.flush();
        return r;
    }
}
