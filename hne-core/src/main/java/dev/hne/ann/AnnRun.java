package dev.hne.ann;

import dev.hne.anytime.StagedRun;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.ops.Rows;

/**
 * One batch going through an {@link AnytimeNetwork} exit by exit. It keeps only the features of
 * the last computed stage (N_active, C, H, W); {@link #retain} cuts them down to the rows that
 * continue, so later stages really compute fewer rows. No gradients are recorded. Features it made
 * and no longer needs (consumed by the next stage, replaced by a cut, or held at {@link #close})
 * go back to the backend's free arrays; the caller's image is never released.
 */
final class AnnRun implements StagedRun {

    private final AnytimeNetwork net;
    private Tensor features;   // input of the next stage: the image before stage 1
    private boolean ownsFeatures;   // false while features is the caller's image
    private boolean closed;
    private int completed;
    private int rows;

    AnnRun(AnytimeNetwork net, Tensor x) {
        this.net = net;
        this.features = x;
        this.rows = x.dim(0);
    }

    @Override
    public int completed() {
        return completed;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public StageOutput advance() {
        if (completed == net.stages()) {
            throw new IllegalStateException("all " + net.stages() + " exits are already computed");
        }
        if (rows == 0) {
            throw new IllegalStateException("no rows left to compute (every example has stopped)");
        }
        if (closed) {
            throw new IllegalStateException("this run is closed: its features were given back");
        }
        Tensor[] step;
        try (var noGrad = Autograd.noGrad()) {
            step = net.stage(completed, features);
        }
        replaceFeatures(step[0]);
        completed++;
        return new StageOutput(step[1], step[1]);   // an ANN answers with its latest exit
    }

    @Override
    public void retain(int[] keep) {
        for (int i = 0; i < keep.length; i++) {
            if (keep[i] < 0 || keep[i] >= rows || (i > 0 && keep[i] <= keep[i - 1])) {
                throw new IllegalArgumentException("retain: rows " + java.util.Arrays.toString(keep)
                        + " must be strictly ascending and in [0, " + rows + ")");
            }
        }
        if (keep.length == rows) {
            return;
        }
        if (features != null && keep.length > 0) {
            Tensor cut;
            try (var noGrad = Autograd.noGrad()) {
                cut = Rows.gather(features, keep);
            }
            replaceFeatures(cut);
        }
        rows = keep.length;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        replaceFeatures(null);
    }

    /** Makes {@code next} (this run's own, or null) the features, releasing the old ones if they were ours. */
    private void replaceFeatures(Tensor next) {
        if (ownsFeatures && features != null) features.backend().release(features.storage());
        features = next;
        ownsFeatures = next != null;
    }
}
