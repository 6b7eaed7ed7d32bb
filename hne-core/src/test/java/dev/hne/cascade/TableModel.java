package dev.hne.cascade;

import dev.hne.anytime.StagedModel;
import dev.hne.anytime.StagedRun;
import dev.hne.engine.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A staged model that answers from a table, for testing cascades without a network: the input is
 * (N, 1) holding each example's id, and stage s answers with the stored logits of those ids (the
 * prediction and the stage's own output alike). It records the ids each stage computed, so a test
 * can see which examples a network of the cascade really ran on.
 */
final class TableModel implements StagedModel {

    private final float[][][] logits;   // [s - 1][id][K]
    private final double[] cumulative;  // [s - 1]
    final List<int[]> computed = new ArrayList<>();   // the ids of each advance, in call order

    TableModel(float[][][] logits, double[] cumulative) {
        this.logits = logits;
        this.cumulative = cumulative;
    }

    /** One stage of cost {@code mmacs} answering class {@code answer[id]} with softmax confidence set by {@code strength[id]}. */
    static TableModel oneStage(int classes, int[] answer, double[] strength, double mmacs) {
        float[][][] z = new float[1][answer.length][classes];
        for (int i = 0; i < answer.length; i++) z[0][i][answer[i]] = (float) strength[i];
        return new TableModel(z, new double[] {mmacs});
    }

    /** The (N, 1) input naming examples ids[0..]. */
    static Tensor input(int... ids) {
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
            int k = logits[0][0].length;
            float[] p = new float[ids.length * k];
            for (int i = 0; i < ids.length; i++) System.arraycopy(logits[done][ids[i]], 0, p, i * k, k);
            computed.add(ids.clone());
            done++;
            Tensor t = Tensor.of(p, ids.length, k);
            return new StageOutput(t, t);
        }

        @Override
        public void retain(int[] rows) {
            int[] kept = new int[rows.length];
            for (int i = 0; i < rows.length; i++) kept[i] = ids[rows[i]];
            ids = kept;
        }
    }
}
