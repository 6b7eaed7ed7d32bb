package dev.hne.policy;

import dev.hne.anytime.StagedModel;
import dev.hne.anytime.StagedRun;
import dev.hne.datasets.Batch;
import dev.hne.datasets.DataLoader;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.loss.Metrics;
import java.util.Arrays;

/**
 * Adaptive (per-example early-exit) evaluation of a {@link StagedModel} with an {@link ExitPolicy},
 * MEASURED rather than simulated: per batch,
 *
 * <pre>
 *   run = model.start(x)                       all rows active
 *   for s = 1..S:
 *     out = run.advance()                      stage s, for the active rows only
 *     features of each active row -> policy    (the last stage stops everyone)
 *     stopped rows: score their prediction, charge them cumulativeMMacs(s)
 *     run.retain(rows that continue)           the batch shrinks; later stages skip the stopped rows
 * </pre>
 *
 * Reports accuracy, the average MMACs per example (expected cost, from where examples stopped) and
 * the wall-clock time per example of the whole loop (the network, the features and the policy; not
 * the data loading, which is the same for every policy), and the CPU time the evaluating threads
 * spent over the same span ({@link ComputeCpuTime}: steadier than the wall clock when other jobs
 * share the machine). A {@link FixedStagePolicy} gives the
 * fixed-n baseline measured the same way.
 */
public final class AdaptiveEvaluator {

    private AdaptiveEvaluator() {}

    /** The whole split, in loader order. */
    public static Outcome evaluate(StagedModel model, DataLoader loader, ExitPolicy policy) {
        Outcome.Tally tally = new Outcome.Tally(model.stages());
        try (DataLoader.Epoch epoch = loader.epoch(0)) {
            for (Batch batch : epoch) {
                evaluateBatch(model, Tensor.of(batch.images(), batch.shape()), batch.labels(), policy, tally);
            }
        }
        return tally.outcome(policy.label(), true);
    }

    /** One batch x (N, C, H, W) with its labels, added to the tally (and its wall-clock time). */
    static void evaluateBatch(StagedModel model, Tensor x, int[] labels, ExitPolicy policy, Outcome.Tally tally) {
        long start = System.nanoTime(), cpuStart = ComputeCpuTime.nanos();
        Stopped stopped = runBatch(model, x, policy);
        for (int i = 0; i < labels.length; i++) {
            int s = stopped.stage()[i];
            tally.stop(s, stopped.predictedClass(i) == labels[i], model.cumulativeMMacs(s));
        }
        tally.time(System.nanoTime() - start, ComputeCpuTime.nanos() - cpuStart);
    }

    /**
     * Where each row of one batch stopped and what it answered.
     *
     * @param stage  the stage row i stopped after, 1..S
     * @param logits (N, K) row-major: the prediction row i stopped with
     */
    public record Stopped(int[] stage, float[] logits, int classes) {

        public int predictedClass(int row) {
            return Metrics.argmax(logits, row * classes, classes);
        }
    }

    /**
     * Runs one batch x (N, C, H, W) stage by stage, each row until the policy stops it (the last stage
     * stops everyone), dropping stopped rows from the batch ({@link StagedRun#retain}). Also what a
     * network of a cascade does inside (dev.hne.cascade.CascadeNetwork).
     */
    public static Stopped runBatch(StagedModel model, Tensor x, ExitPolicy policy) {
        int stages = model.stages(), n = x.dim(0);
        int[] stoppedAt = new int[n];
        float[] answer = null;
        int k = 0;
        try (var noGrad = Autograd.noGrad(); StagedRun run = model.start(x)) {
            int[] original = new int[n];   // the original row of each active row
            for (int i = 0; i < n; i++) original[i] = i;
            int[] previous = new int[n];   // each active row's class after the previous stage
            Arrays.fill(previous, -1);
            for (int s = 1; s <= stages && original.length > 0; s++) {
                StagedRun.StageOutput out = run.advance();
                float[] z = out.prediction().toArray();
                k = out.prediction().dim(1);
                if (answer == null) answer = new float[n * k];
                StageFeatures[] features = StageFeatures.ofRows(out.prediction(), out.latest(), previous, s, stages);
                int[] keep = new int[original.length];
                int kept = 0;
                for (int i = 0; i < original.length; i++) {
                    if (s == stages || policy.stop(features[i])) {
                        stoppedAt[original[i]] = s;
                        System.arraycopy(z, i * k, answer, original[i] * k, k);
                    } else {
                        keep[kept++] = i;
                    }
                }
                if (kept == 0 || s == stages) {
                    break;
                }
                if (kept < original.length) {
                    keep = Arrays.copyOf(keep, kept);
                    run.retain(keep);
                    int[] o = new int[kept], p = new int[kept];
                    for (int i = 0; i < kept; i++) {
                        o[i] = original[keep[i]];
                        p[i] = previous[keep[i]];
                    }
                    original = o;
                    previous = p;
                }
            }
        }
        return new Stopped(stoppedAt, answer == null ? new float[0] : answer, k);
    }
}
