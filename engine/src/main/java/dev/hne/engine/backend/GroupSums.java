package dev.hne.engine.backend;

import java.util.Arrays;

/**
 * The arithmetic of {@link Backend#gatherGroupsBackward}, in one place: which output groups feed
 * each input group, and in what order their gradients are added.
 *
 * <p>Why an order at all: float addition is not associative, and a parent with four children used to
 * be split by two doublings, whose backward added (d0 + d1) + (d2 + d3). So a group's k contributions
 * are added as a balanced tree: the first {@link #leftPart(int) leftPart(k)} of them, then the rest,
 * each part the same way. For k a power of two that is exactly the doublings' order; for other k it
 * is what a binary-counter stack gives (the CUDA kernel adds that way), so every backend agrees to
 * the bit.
 */
public final class GroupSums {

    private GroupSums() {}

    /** Checks that every index names one of the groups; the message names the offending position. */
    public static void checkIndex(String op, int[] index, int groups) {
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= groups) {
                throw new IllegalArgumentException(op + ": index[" + i + "] = " + index[i] + " is not one of the "
                        + groups + " input groups, in " + Arrays.toString(index));
            }
        }
    }

    /** For each input group g, the output groups i with index[i] = g, ascending. */
    public static int[][] byGroup(int[] index, int groups) {
        int[] count = new int[groups];
        for (int g : index) count[g]++;
        int[][] out = new int[groups][];
        for (int g = 0; g < groups; g++) out[g] = new int[count[g]];
        int[] filled = new int[groups];
        for (int i = 0; i < index.length; i++) out[index[i]][filled[index[i]]++] = i;
        return out;
    }

    /** How many of k contributions (k >= 2) form the left operand of the last addition. */
    public static int leftPart(int k) {
        return Integer.bitCount(k) == 1 ? k / 2 : Integer.highestOneBit(k);
    }
}
