package dev.hne.anytime;

/**
 * The order in which an anytime evaluation adds ensemble members (leaves).
 *
 * <pre>
 *   N = 8 leaves      order                      n = 2 computes   n = 3 computes
 *   NATURAL           0 1 2 3 4 5 6 7            leaves 0, 1      0, 1, 2
 *   DIVERSE_FIRST     0 4 2 6 1 5 3 7            leaves 0, 4      0, 4, 2
 * </pre>
 * NATURAL is the paper's Eq. 5: the first 2^b leaves share every node above level b, so doubling
 * the ensemble costs the least. DIVERSE_FIRST (bit-reversed leaf index) adds, at each step, the
 * leaf that shares the fewest blocks with those already in, so the early members differ the most;
 * the price is more computed nodes for small n (see docs/hne.md).
 */
public enum LeafOrder {
    NATURAL,
    DIVERSE_FIRST;

    /** The first {@code n} leaves of {@code leaves} (a power of two) in this order. */
    public int[] first(int n, int leaves) {
        if (Integer.bitCount(leaves) != 1) {
            throw new IllegalArgumentException("leaf orders need a power-of-two leaf count, got " + leaves);
        }
        if (n < 1 || n > leaves) {
            throw new IllegalArgumentException("cannot evaluate " + n + " models of " + leaves
                    + "; n must be in 1.." + leaves);
        }
        int bits = Integer.numberOfTrailingZeros(leaves);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = this == NATURAL ? i : reverseBits(i, bits);
        return out;
    }

    /** The whole order of {@code leaves} leaves. */
    public int[] all(int leaves) {
        return first(leaves, leaves);
    }

    static int reverseBits(int i, int bits) {
        return bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
    }

    /** "natural" or "diverse": the CLI spelling. */
    public String cliName() {
        return this == NATURAL ? "natural" : "diverse";
    }

    public static LeafOrder parse(String s) {
        return switch (s) {
            case "natural" -> NATURAL;
            case "diverse", "diverse-first" -> DIVERSE_FIRST;
            default -> throw new IllegalArgumentException("unknown leaf order '" + s + "'; use natural or diverse");
        };
    }
}
