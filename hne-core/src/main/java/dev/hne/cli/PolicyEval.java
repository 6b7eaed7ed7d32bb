package dev.hne.cli;

import dev.hne.anytime.StagedModel;
import dev.hne.datasets.DataLoader;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.policy.AdaptiveEvaluator;
import dev.hne.policy.ExitPolicy;
import dev.hne.policy.FixedStagePolicy;
import dev.hne.policy.LearnedPolicy;
import dev.hne.policy.Outcome;
import dev.hne.policy.PolicyFile;
import dev.hne.policy.StageTable;
import dev.hne.policy.SweepPoint;
import dev.hne.policy.ThresholdPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --policy} part of {@code ./hne eval}, for any {@link StagedModel} (HNE members or
 * ANN exits):
 * <ol>
 *   <li>fixed n = 1..S, measured with the same loop as the policies, before and after them;</li>
 *   <li>policies from the checkpoint's sidecar file ({@link PolicyFile}); those missing (or all,
 *       with {@code --refit}) are calibrated on the held-out split and saved;</li>
 *   <li>each policy run on the test split with a shrinking batch ({@link AdaptiveEvaluator});</li>
 *   <li>{@code --timing-rounds R}: R - 1 more rounds of every policy and every fixed n; each point
 *       reports its median timing ({@link #timings}).</li>
 * </ol>
 * Before timing, one batch runs through every stage, so the JIT has compiled the kernels.
 */
final class PolicyEval {

    /** Default trade-offs lambda: error accepted per whole-model cost saved (docs/anytime.md). */
    static final double[] DEFAULT_TRADEOFFS = {0.002, 0.005, 0.01, 0.02, 0.04, 0.08, 0.16};
    /** Default budgets, as fractions of the way from stage 1's cost to stage S's. */
    static final double[] DEFAULT_BUDGET_FRACTIONS = {0.05, 0.15, 0.3, 0.45, 0.6, 0.8};

    private final StagedModel model;
    private final String order;
    private final PolicyFile file;
    private final boolean refit;
    private final PrintWriter log;
    private StageTable holdoutTable;
    private boolean changed;
    /** Every point measured so far, in order (fixed n first), with all its timings. */
    private final List<Measured> measured = new ArrayList<>();

    /** One point of the sweep, the policy that made it, and each of its measurements on the test split. */
    private record Measured(String kind, double parameter, ExitPolicy policy, Outcome holdout, List<Outcome> runs) {

        SweepPoint point() {
            return new SweepPoint(kind, parameter, Outcome.medianTiming(runs), holdout);
        }
    }

    PolicyEval(StagedModel model, String order, PolicyFile file, boolean refit, PrintWriter log) {
        this.model = model;
        this.order = order;
        this.file = file;
        this.refit = refit;
        this.log = log;
    }

    /** Budgets in MMACs: the user's (checked to lie in the model's range) or the defaults. */
    static double[] budgets(StagedModel model, List<Double> given) {
        double low = model.cumulativeMMacs(1), high = model.cumulativeMMacs(model.stages());
        if (given == null) {
            double[] b = new double[DEFAULT_BUDGET_FRACTIONS.length];
            for (int i = 0; i < b.length; i++) b[i] = round3(low + DEFAULT_BUDGET_FRACTIONS[i] * (high - low));
            return b;
        }
        for (double b : given) {
            if (!(b >= low && b <= high)) {
                throw new UserException(String.format(Locale.ROOT,
                        "--budget %s MMACs is outside what this model can spend per image: %.3f (stage 1) to %.3f (stage %d)",
                        b, low, high, model.stages()));
            }
        }
        return given.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double[] tradeoffs(List<Double> given) {
        if (given == null) {
            return DEFAULT_TRADEOFFS.clone();
        }
        for (double t : given) {
            if (!(t >= 0) || Double.isInfinite(t)) {
                throw new UserException("--tradeoffs: each trade-off lambda must be a number >= 0, got " + t);
            }
        }
        return given.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** One batch through every stage, untimed, so later timings do not include JIT compilation. */
    static void warmUp(StagedModel model, DataLoader test) {
        try (var noGrad = Autograd.noGrad(); DataLoader.Epoch epoch = test.epoch(0)) {
            if (epoch.hasNext()) {
                var batch = epoch.next();
                try (var run = model.start(Tensor.of(batch.images(), batch.shape()))) {
                    for (int s = 1; s <= model.stages(); s++) run.advance();
                }
            }
        }
    }

    /** Fixed n = 1..S on the test split (measured) and on the held-out split (from its table). */
    void fixed(DataLoader holdout, DataLoader test) {
        for (int n = 1; n <= model.stages(); n++) {
            run(new FixedStagePolicy(n), "fixed", n, holdout, test);
        }
    }

    /**
     * Every point's timing, with fixed n measured again after the policies (so neither side of the
     * comparison is favoured by running later on a warmer JVM or a quieter machine) and then
     * {@code rounds - 1} more rounds of policies and fixed n, interleaved, so that a slow stretch of
     * a shared machine falls on one measurement of many points rather than on every measurement of
     * one. Each point reports its median timing (of two, the mean); fixed n first.
     */
    List<SweepPoint> timings(DataLoader test, int rounds) {
        for (int round = 1; round <= rounds; round++) {
            if (round > 1) {
                log.printf("timing round %d of %d: the policies again, then fixed n:%n", round, rounds);
                remeasure(test, false);
            } else {
                log.println("fixed n again, to average its timing over the start and the end of the measurements:");
            }
            remeasure(test, true);
        }
        return measured.stream().map(Measured::point).toList();
    }

    /** Measures again every fixed-n point ({@code fixed}) or every policy point. */
    private void remeasure(DataLoader test, boolean fixed) {
        for (Measured m : measured) {
            if (m.kind().equals("fixed") == fixed) m.runs().add(progress(AdaptiveEvaluator.evaluate(model, test, m.policy())));
        }
    }

    List<SweepPoint> thresholds(DataLoader holdout, DataLoader test, double[] budgets) throws IOException {
        List<SweepPoint> points = new ArrayList<>();
        for (double b : budgets) {
            ThresholdPolicy p = refit ? null : file.threshold(order, b);
            if (p == null) {
                p = ThresholdPolicy.calibrate(table(holdout), b);
                file.put(order, p);
                changed = true;
            }
            points.add(run(p, "threshold", b, holdout, test));
        }
        return points;
    }

    List<SweepPoint> learned(DataLoader holdout, DataLoader test, double[] tradeoffs) throws IOException {
        List<SweepPoint> points = new ArrayList<>();
        for (double t : tradeoffs) {
            LearnedPolicy p = refit ? null : file.learned(order, t);
            if (p == null) {
                p = LearnedPolicy.fit(table(holdout), t);
                file.put(order, p);
                changed = true;
            }
            points.add(run(p, "learned", t, holdout, test));
        }
        return points;
    }

    /** Whether any policy was (re)fitted and put into the file since this object was made. */
    boolean changed() {
        return changed;
    }

    /** Saves the sidecar if anything was (re)fitted; says which file it used. */
    void saveIfChanged() throws IOException {
        if (changed) {
            file.save();
            log.printf("calibrated on the held-out split and saved: %s%n", file.file());
        } else {
            log.printf("policies loaded from %s (--refit to calibrate again)%n", file.file());
        }
    }

    private SweepPoint run(ExitPolicy p, String kind, double parameter, DataLoader holdout, DataLoader test) {
        Outcome timed = progress(AdaptiveEvaluator.evaluate(model, test, p));
        Outcome simulated = table(holdout).simulate(p);   // exact, from the recorded stages
        measured.add(new Measured(kind, parameter, p, simulated, new ArrayList<>(List.of(timed))));
        return new SweepPoint(kind, parameter, timed, simulated);
    }

    /** The held-out split through every stage, once: for fitting, and to show each policy's held-out numbers. */
    private StageTable table(DataLoader holdout) {
        if (holdoutTable == null) {
            log.printf("running the held-out split (%d images) through all %d stages (to calibrate on, and for held-out numbers) ...%n",
                    holdout.dataset().size(), model.stages());
            log.flush();
            holdoutTable = StageTable.collect(model, holdout, log);
        }
        return holdoutTable;
    }

    private Outcome progress(Outcome o) {
        log.printf(Locale.ROOT, "  %-34s accuracy %6.2f%%  avg %.3f MMACs  %.3f ms/image (wall), %.3f CPU ms/image%n",
                o.label(), 100 * o.accuracy(), o.averageMMacs(), o.msPerExample(), o.cpuMsPerExample());
        log.flush();
        return o;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
