package dev.hne.policy;

import dev.hne.anytime.StagedModel;
import dev.hne.anytime.StagedRun;
import dev.hne.engine.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A staged model with known outputs, for testing policies and adaptive evaluation without a
 * network: the input is (N, 1) holding each example's id, and stage s answers with the stored
 * logits of those ids. It records how many rows each stage computed, so tests can see the batch shrink.
 */
final class FakeStagedModel implements StagedModel {

    final float[][][] prediction;   // [s - 1][id][K]
    final float[][][] latest;       // [s - 1][id][K]
    final double[] cumulative;      // [s - 1]
    final List<Integer> rowsComputed = new ArrayList<>();   // one entry per advance, in call order

    FakeStagedModel(float[][][] prediction, float[][][] latest, double[] cumulative) {
        this.prediction = prediction;
        this.latest = latest;
        this.cumulative = cumulative;
    }

    /**
     * Random examples whose predictions sharpen with the stage: stage s's logits are the label's
     * one-hot times a per-example strength that grows with s, plus noise, so later stages are more
     * often right and more confident, as in a real anytime model.
     */
    static FakeStagedModel random(int examples, int stages, int classes, int[] labels, long seed) {
        Random rng = new Random(seed);
        float[][][] pred = new float[stages][examples][classes];
        float[][][] own = new float[stages][examples][classes];
        double[] cost = new double[stages];
        for (int i = 0; i < examples; i++) {
            labels[i] = rng.nextInt(classes);
            double ease = rng.nextDouble() * 2;   // some examples are easy at every stage
            for (int s = 0; s < stages; s++) {
                for (int c = 0; c < classes; c++) {
                    own[s][i][c] = (float) (rng.nextGaussian() + (c == labels[i] ? ease + 0.4 * s : 0));
                    float sum = 0;
                    for (int j = 0; j <= s; j++) sum += own[j][i][c];
                    pred[s][i][c] = sum / (s + 1);   // like an ensemble: the mean so far
                }
            }
        }
        for (int s = 0; s < stages; s++) cost[s] = 1.5 + 2.0 * s + 0.1 * s * s;
        return new FakeStagedModel(pred, own, cost);
    }

    /** The (N, 1) input naming examples ids[0..]. */
    static Tensor input(int[] ids) {
        float[] v = new float[ids.length];
        for (int i = 0; i < ids.length; i++) v[i] = ids[i];
        return Tensor.of(v, ids.length, 1);
    }

    @Override
    public int stages() {
        return cumulative.length;
    }

    @Override
    public double cumulativeMMacs(int stage) {
        return cumulative[stage - 1];
    }

    @Override
    public StagedRun start(Tensor x) {
        float[] v = x.toArray();
        int[] ids = new int[v.length];
        for (int i = 0; i < ids.length; i++) ids[i] = (int) v[i];
        return new Run(ids);
    }

    private final class Run implements StagedRun {
        private int[] ids;
        private int done;

        Run(int[] ids) {
            this.ids = ids;
        }

        @Override
        public int completed() {
            return done;
        }

        @Override
        public int rows() {
            return ids.length;
        }

        @Override
        public StageOutput advance() {
            int k = prediction[0][0].length;
            float[] p = new float[ids.length * k], l = new float[ids.length * k];
            for (int i = 0; i < ids.length; i++) {
                System.arraycopy(prediction[done][ids[i]], 0, p, i * k, k);
                System.arraycopy(latest[done][ids[i]], 0, l, i * k, k);
            }
            done++;
            rowsComputed.add(ids.length);
            return new StageOutput(Tensor.of(p, ids.length, k), Tensor.of(l, ids.length, k));
        }

        @Override
        public void retain(int[] rows) {
            int[] kept = new int[rows.length];
            for (int i = 0; i < rows.length; i++) kept[i] = ids[rows[i]];
            ids = kept;
        }
    }
}
