package dev.hne.tree;

import java.util.Locale;
import java.util.function.IntToLongFunction;

/**
 * What a training step of a tree keeps for its backward pass, and the choice it leads to: how many
 * of the tree's layers (in forward order) run as checkpoints (TRAIN_RECOMPUTE: such a layer keeps
 * only its input and runs again in backward, one more forward pass of it) while the rest keep
 * every activation (the fastest step). With {@code -Dhne.recompute=auto}, the default, the tree
 * checkpoints the fewest leading layers that bring what it keeps within {@link #PLAIN_HEAP_SHARE}
 * of the heap: none when everything fits, all when even that is not enough.
 *
 * <p>What a plan keeps comes from a measurement, not a formula: the tree runs its training forward
 * pass on two images (without moving its running statistics) with the first k layers checkpointed
 * and counts what the graph saved ({@code SavedMemory}); every activation has the batch as its
 * first axis, so the figure scales exactly with the batch. Checkpointing one more layer never keeps
 * more (its input is kept by the layer before it, or the next one's checkpoint, anyway), so a
 * binary search over k needs a handful of such passes.
 *
 * @param checkpointedLayers how many leading layers are checkpoints (0: none, {@code layers}: all)
 * @param layers             the tree's layers (its levels' and the classifier's)
 * @param keptBytes          what the step keeps at this batch with this plan (-1: not measured, the mode was forced)
 * @param plainBytes         what keeping everything would hold at this batch (-1: not measured)
 * @param heapBytes          the heap the plan is for (the JVM's maximum)
 * @param reason             why, in words (for the training log)
 */
public record TrainingMemory(int checkpointedLayers, int layers, long keptBytes, long plainBytes, long heapBytes,
                             String reason) {

    /**
     * Keep at most this share of the heap. What backward reads lives in the parallel collector's
     * old generation, two thirds of the heap, next to the parameters, the gradients and the
     * free-array cache: batch 128 of resnet-hne keeps 5.0 GB, ran out of memory at -Xmx7g (4.7 GB
     * old generation) and ran at -Xmx8g with 5% to spare (docs/performance.md). Half the heap keeps
     * clear of that cliff; the price is a few checkpointed layers where everything would just fit.
     */
    static final double PLAIN_HEAP_SHARE = 0.5;

    public boolean checkpoints() {
        return checkpointedLayers > 0;
    }

    static TrainingMemory forced(boolean checkpoints, int layers, long heapBytes) {
        return new TrainingMemory(checkpoints ? layers : 0, layers, -1, -1, heapBytes,
                checkpoints ? "-Dhne.recompute=true" : "-Dhne.recompute=false");
    }

    /**
     * The fewest leading layers to checkpoint so that the step keeps at most {@link #PLAIN_HEAP_SHARE}
     * of the heap (all of them when even that does not fit).
     *
     * @param keptPerImage bytes a step keeps per image with the first k layers checkpointed
     */
    static TrainingMemory decide(IntToLongFunction keptPerImage, int layers, int batch, long heapBytes) {
        long budget = (long) (PLAIN_HEAP_SHARE * heapBytes);
        long plain = keptPerImage.applyAsLong(0) * batch;
        int k = 0;
        if (plain > budget) {
            int lo = 1, hi = layers;   // the smallest k in [1, layers] that fits, or layers
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (keptPerImage.applyAsLong(mid) * batch <= budget) hi = mid; else lo = mid + 1;
            }
            k = lo;
        }
        long kept = k == 0 ? plain : keptPerImage.applyAsLong(k) * batch;
        String reason = String.format(Locale.ROOT, "all activations would take %s, %s half of the %s heap%s",
                mib(plain), k == 0 ? "at most" : "more than", mib(heapBytes), k == 0 ? "" : "; kept: " + mib(kept));
        return new TrainingMemory(k, layers, kept, plain, heapBytes, reason);
    }

    /** One line for the training log. */
    public String describe() {
        String what = checkpointedLayers == 0 ? "keeping every activation"
                : checkpointedLayers == layers ? "checkpointing every layer"
                : "checkpointing the first " + checkpointedLayers + " of " + layers + " layers";
        return what + " (" + reason + ")";
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
