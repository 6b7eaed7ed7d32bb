package dev.hne.engine.backend.cpu;

/**
 * Which stored group of a convolution's weights each group of the computed convolution reads. An
 * inference convolution over some of an HNE level's branches reads those branches' filters (and
 * batch-norm channels) where the layer stores them, instead of a copy cut out on every call: at
 * batch 1 the copies were about a fifth of an n = 1 forward pass
 * ({@code FusedKernels.conv2dBatchNormActInfer}, docs/performance.md).
 *
 * @param stored stored group of each computed group, or null for group g reading stored group g
 */
record WeightGroups(int[] stored) {

    static final WeightGroups IN_ORDER = new WeightGroups(null);

    static WeightGroups of(int[] stored) {
        return stored == null ? IN_ORDER : new WeightGroups(stored);
    }

    /** The stored group that computed group {@code group} reads. */
    int of(int group) {
        return stored == null ? group : stored[group];
    }

    /** The stored channel of computed channel {@code channel}, for groups of {@code perGroup} channels. */
    int channel(int channel, int perGroup) {
        return of(channel / perGroup) * perGroup + channel % perGroup;
    }

    /** The computed groups' blocks of {@code blockSize} floats, cut out of {@code all} in order: (groups, blockSize). */
    float[] gather(float[] all, int groups, int blockSize) {
        float[] out = new float[groups * blockSize];
        for (int gi = 0; gi < groups; gi++) System.arraycopy(all, of(gi) * blockSize, out, gi * blockSize, blockSize);
        return out;
    }
}
