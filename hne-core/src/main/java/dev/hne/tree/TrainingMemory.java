package dev.hne.tree;

import java.util.Locale;

/**
 * What a training step of a tree keeps for its backward pass, and the choice it leads to: keep
 * every activation (TRAIN, the fastest step) or checkpoint every layer (TRAIN_RECOMPUTE: each
 * layer keeps only its input and runs again in backward; about a third of the memory for one more
 * forward pass). With {@code -Dhne.recompute=auto}, the default, the tree keeps everything while
 * that takes at most {@link #PLAIN_HEAP_SHARE} of the heap, and checkpoints beyond.
 *
 * <p>How much "everything" is comes from a measurement, not a formula: the tree runs its training
 * forward pass once on two images (without moving its running statistics) and counts what the
 * graph saved ({@code SavedMemory}); every activation has the batch as its first axis, so the
 * figure scales exactly with the batch.
 *
 * @param checkpoints whether the step checkpoints its layers
 * @param plainBytes  what keeping everything would hold at this batch (-1: not measured, the mode was forced)
 * @param heapBytes   the JVM's maximum heap
 * @param reason      why, in words (for the training log)
 */
public record TrainingMemory(boolean checkpoints, long plainBytes, long heapBytes, String reason) {

    /**
     * Keep everything only while it takes at most this share of the heap. The rest holds the
     * gradients and the free-array cache during backward, and the collector needs room: with less
     * (batch 128 of resnet-hne keeps 5.0 GB; at -Xmx8g) the parallel collector ran a full
     * collection after another and the step took 4x as long (docs/performance.md).
     */
    static final double PLAIN_HEAP_SHARE = 0.5;

    static TrainingMemory forced(boolean checkpoints, long heapBytes) {
        return new TrainingMemory(checkpoints, -1, heapBytes,
                checkpoints ? "-Dhne.recompute=true" : "-Dhne.recompute=false");
    }

    static TrainingMemory decide(long plainBytes, long heapBytes) {
        boolean checkpoints = plainBytes > PLAIN_HEAP_SHARE * heapBytes;
        String reason = String.format(Locale.ROOT, "all activations would take %s, %s half of the %s heap",
                mib(plainBytes), checkpoints ? "more than" : "at most", mib(heapBytes));
        return new TrainingMemory(checkpoints, plainBytes, heapBytes, reason);
    }

    /** One line for the training log. */
    public String describe() {
        return (checkpoints ? "checkpointing every layer" : "keeping every activation") + " (" + reason + ")";
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
