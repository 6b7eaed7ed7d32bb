package dev.hne.policy;

import dev.hne.anytime.StagedModel;
import dev.hne.anytime.StagedRun;
import dev.hne.datasets.Batch;
import dev.hne.datasets.DataLoader;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.loss.Metrics;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every stage's features and correctness for every example of a split: what policies are
 * calibrated on (the held-out split), and a way to SIMULATE a policy exactly ({@link #simulate})
 * without running the network again. Collecting runs every stage for every example (no early exit),
 * so it costs one full evaluation of the split.
 *
 * <p>Indexing: {@code features(s)[i]} and {@code correct(s)[i]} for stage s = 1..S and example i.
 */
public final class StageTable {

    private final StageFeatures[][] features;   // [s - 1][i]
    private final boolean[][] correct;          // [s - 1][i]
    private final double[] cumulativeMMacs;     // [s - 1]
    private final int classes;

    public StageTable(StageFeatures[][] features, boolean[][] correct, double[] cumulativeMMacs, int classes) {
        if (features.length != correct.length || features.length != cumulativeMMacs.length || features.length == 0) {
            throw new IllegalArgumentException("stage table: " + features.length + " feature stages, " + correct.length
                    + " correctness stages and " + cumulativeMMacs.length + " costs");
        }
        for (int s = 0; s < features.length; s++) {
            if (features[s].length != features[0].length || correct[s].length != features[0].length) {
                throw new IllegalArgumentException("stage table: stage " + (s + 1) + " has a different number of examples");
            }
        }
        this.features = features;
        this.correct = correct;
        this.cumulativeMMacs = cumulativeMMacs.clone();
        this.classes = classes;
    }

    /** Runs every stage of the model on every batch of the loader (no early exit) and records the table. */
    public static StageTable collect(StagedModel model, DataLoader loader, PrintWriter progress) {
        Builder builder = new Builder(model);
        int batches = 0;
        try (DataLoader.Epoch epoch = loader.epoch(0)) {
            for (Batch batch : epoch) {
                builder.add(Tensor.of(batch.images(), batch.shape()), batch.labels());
                if (progress != null && ++batches % 5 == 0) {
                    progress.printf("  held-out split: %d images through all %d stages%n", builder.examples(),
                            model.stages());
                    progress.flush();
                }
            }
        }
        return builder.build();
    }

    /** The table of one batch x (N, ...) with its labels. */
    public static StageTable collectBatch(StagedModel model, Tensor x, int[] labels) {
        Builder builder = new Builder(model);
        builder.add(x, labels);
        return builder.build();
    }

    /** Accumulates batches, every stage of every example. */
    private static final class Builder {
        private final StagedModel model;
        private final List<List<StageFeatures>> features = new ArrayList<>();
        private final List<List<Boolean>> correct = new ArrayList<>();
        private int classes;

        Builder(StagedModel model) {
            this.model = model;
            for (int s = 0; s < model.stages(); s++) {
                features.add(new ArrayList<>());
                correct.add(new ArrayList<>());
            }
        }

        int examples() {
            return features.get(0).size();
        }

        void add(Tensor x, int[] labels) {
            int stages = model.stages();
            try (var noGrad = Autograd.noGrad(); StagedRun run = model.start(x)) {
                int[] previous = new int[labels.length];
                Arrays.fill(previous, -1);
                for (int s = 1; s <= stages; s++) {
                    StagedRun.StageOutput out = run.advance();
                    classes = out.prediction().dim(1);
                    float[] z = out.prediction().toArray();
                    StageFeatures[] rows = StageFeatures.ofRows(out.prediction(), out.latest(), previous, s, stages);
                    for (int i = 0; i < labels.length; i++) {
                        features.get(s - 1).add(rows[i]);
                        correct.get(s - 1).add(Metrics.argmax(z, i * classes, classes) == labels[i]);
                    }
                }
            }
        }

        StageTable build() {
            int stages = model.stages();
            StageFeatures[][] f = new StageFeatures[stages][];
            boolean[][] c = new boolean[stages][];
            double[] cost = new double[stages];
            for (int s = 0; s < stages; s++) {
                f[s] = features.get(s).toArray(new StageFeatures[0]);
                c[s] = new boolean[f[s].length];
                for (int i = 0; i < c[s].length; i++) c[s][i] = correct.get(s).get(i);
                cost[s] = model.cumulativeMMacs(s + 1);
            }
            return new StageTable(f, c, cost, classes);
        }
    }

    public int stages() {
        return features.length;
    }

    public int examples() {
        return features[0].length;
    }

    public int classes() {
        return classes;
    }

    public StageFeatures features(int stage, int example) {
        return features[stage - 1][example];
    }

    public boolean correct(int stage, int example) {
        return correct[stage - 1][example];
    }

    /** MMACs per example to the end of stage s (1-based). */
    public double cumulativeMMacs(int stage) {
        return cumulativeMMacs[stage - 1];
    }

    /** The stage at which the policy stops example i: the first s with stop(...) true, else the last. */
    public int exitStage(ExitPolicy policy, int example) {
        for (int s = 1; s < stages(); s++) {
            if (policy.stop(features(s, example))) {
                return s;
            }
        }
        return stages();
    }

    /** The policy's accuracy, average MMACs and exits on this table, exactly, without running the network. */
    public Outcome simulate(ExitPolicy policy) {
        Outcome.Tally tally = new Outcome.Tally(stages());
        for (int i = 0; i < examples(); i++) {
            int s = exitStage(policy, i);
            tally.stop(s, correct(s, i), cumulativeMMacs(s));
        }
        return tally.outcome(policy.label(), false);
    }
}
