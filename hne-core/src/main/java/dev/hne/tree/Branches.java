package dev.hne.tree;

import dev.hne.engine.Tensor;
import dev.hne.engine.ops.Channels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which branches of a level are being computed: {@code active} (sorted, distinct) out of
 * {@code total}. Activations of a level hold the active branches' channel groups side by side, in
 * this order: (N, |active| * C, H, W).
 *
 * <p>Also the one place that picks groups out of a tensor. When every branch is active (training,
 * and evaluating all N models) nothing is copied; otherwise the wanted groups are cut out in
 * contiguous runs (one channel slice per run, then one concatenation), so a level still runs as
 * ONE grouped convolution over fewer groups. Slices and concatenations are differentiable.
 */
public record Branches(int total, int[] active) {

    public Branches {
        active = active.clone();
        for (int i = 0; i < active.length; i++) {
            if (active[i] < 0 || active[i] >= total || (i > 0 && active[i] <= active[i - 1])) {
                throw new IllegalArgumentException("branches: active " + Arrays.toString(active)
                        + " must be sorted, distinct and in [0, " + total + ")");
            }
        }
        if (active.length == 0) {
            throw new IllegalArgumentException("branches: nothing active out of " + total);
        }
    }

    public static Branches all(int total) {
        int[] a = new int[total];
        for (int i = 0; i < total; i++) a[i] = i;
        return new Branches(total, a);
    }

    public int count() {
        return active.length;
    }

    public boolean isAll() {
        return active.length == total;
    }

    @Override
    public int[] active() {
        return active.clone();
    }

    /** Position of branch {@code k} among the active ones, or -1. */
    public int indexOf(int k) {
        int i = Arrays.binarySearch(active, k);
        return i >= 0 ? i : -1;
    }

    // ---------------------------------------------------------------- picking groups

    /**
     * Groups {@code picks} (sorted) of x's channel axis, where x (N, groups * Cg, ...) holds
     * {@code groups} equal groups; x itself when every group is picked.
     */
    public static Tensor pickChannels(Tensor x, int groups, int[] picks) {
        if (picks.length == groups) {
            return x;
        }
        int cg = x.dim(1) / groups;
        List<Tensor> parts = new ArrayList<>();
        for (int i = 0; i < picks.length; ) {
            int j = i;
            while (j + 1 < picks.length && picks[j + 1] == picks[j] + 1) j++;   // a contiguous run
            parts.add(Channels.slice(x, picks[i] * cg, (j - i + 1) * cg));
            i = j + 1;
        }
        return parts.size() == 1 ? parts.get(0) : Channels.concat(parts);
    }

    /** The active branches' rows of a parameter stored as (total * rows, ...) along axis 0. */
    public Tensor pickRows(Tensor p) {
        if (isAll()) {
            return p;
        }
        int[] shape = p.shape();
        int rest = (int) (p.size() / shape[0]);
        // axis 0 becomes the channel axis of a (1, rows, rest, 1) map, where Channels can cut it
        Tensor picked = pickChannels(p.reshape(1, shape[0], rest, 1), total, active);
        shape[0] = shape[0] / total * active.length;
        return picked.reshape(shape);
    }

    /**
     * For a grouped convolution with {@code groupsPerBranch} groups per branch, stored for every
     * branch: the stored group that each group of the active branches' convolution reads (branch
     * a's groups are a * groupsPerBranch + 0 .. groupsPerBranch - 1); null when every branch is
     * active, which is the stored order. What {@code ConvBatchNormInfer} takes instead of
     * {@link #pickRows} copies.
     */
    public int[] storedGroups(int groupsPerBranch) {
        if (isAll()) {
            return null;
        }
        int[] stored = new int[active.length * groupsPerBranch];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = active[i / groupsPerBranch] * groupsPerBranch + i % groupsPerBranch;
        }
        return stored;
    }

    /** Writes src (|active| * rows) back into the active branches' rows of dst (total * rows), in place. */
    public void putRows(Tensor src, Tensor dst) {
        if (src == dst) {
            return;
        }
        int rows = (int) (dst.size() / total);
        for (int i = 0; i < active.length; i++) {
            dst.backend().copyChannels(src.storage(), (int) src.size(), i * rows, dst.storage(), (int) dst.size(),
                    active[i] * rows, rows, 1, 1, false);
        }
    }
}
