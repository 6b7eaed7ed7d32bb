package dev.hne.tree;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * How many branches (parameter sets) each level of a tree has: {@code groups[b]} for level b.
 *
 * <p>Every level has a multiple of the branches of the level above, and node k of level b hangs
 * below node {@code k / fanout(b)} of level b-1; the input counts as one node above level 0. A
 * level that multiplies the branch count is a split: the parent's channels are replicated to its
 * children (paper Fig. 2). Three shapes of tree (paper Fig. 5):
 * <pre>
 *   hne(5)                groups 1, 2, 4, 8, 16     a binary tree, N = 2^B leaves
 *   independent(5, 16)    groups 16, 16, 16, 16, 16 N separate networks (the input is replicated)
 *   multiBranch(5, 16, 3) groups 1, 1, 1, 16, 16    a shared trunk, then N separate branches
 * </pre>
 * Branch counts are powers of two because a split is a run of doublings.
 */
public record Topology(String name, int[] groups) {

    public Topology {
        groups = groups.clone();
        if (groups.length == 0) {
            throw new IllegalArgumentException("topology " + name + ": needs at least one level");
        }
        int previous = 1;
        for (int b = 0; b < groups.length; b++) {
            if (Integer.bitCount(groups[b]) != 1 || groups[b] < previous) {
                throw new IllegalArgumentException("topology " + name + ": level " + b + " has " + groups[b]
                        + " branches; each level needs a power of two, at least the level above's, got "
                        + Arrays.toString(groups));
            }
            previous = groups[b];
        }
    }

    /** The HNE binary tree with {@code levels} = B + 1 levels: 2^b branches at level b. */
    public static Topology hne(int levels) {
        int[] g = new int[levels];
        for (int b = 0; b < levels; b++) g[b] = 1 << b;
        return new Topology("hne", g);
    }

    /** One path: the single network a leaf of any tree is. */
    public static Topology single(int levels) {
        int[] g = new int[levels];
        Arrays.fill(g, 1);
        return new Topology("single", g);
    }

    /** N independent networks of the same architecture. */
    public static Topology independent(int levels, int n) {
        int[] g = new int[levels];
        Arrays.fill(g, n);
        return new Topology("independent", g);
    }

    /** The first {@code shared} levels shared by all, then N independent branches (the paper shares 3 of 5). */
    public static Topology multiBranch(int levels, int n, int shared) {
        if (shared < 1 || shared >= levels) {
            throw new IllegalArgumentException("multi-branch: shared levels must be in [1, " + (levels - 1)
                    + "], got " + shared);
        }
        int[] g = new int[levels];
        for (int b = 0; b < levels; b++) g[b] = b < shared ? 1 : n;
        return new Topology("multi-branch", g);
    }

    /** The names {@link #parse} takes, for help texts and error messages. */
    public static final String NAMES = "hne, independent, multi-branch or multi-branch:K";

    /**
     * A topology by its CLI name, for a tree of {@code levels} levels with as many leaves as the
     * HNE of that depth (2^(levels-1)), so the three shapes have the same members: "hne",
     * "independent", "multi-branch" (all but the last two levels shared, as the paper shares 3 of
     * 5) or "multi-branch:K" (the first K levels shared).
     *
     * @throws IllegalArgumentException for another name, or a K the depth cannot take
     */
    public static Topology parse(String name, int levels) {
        int n = 1 << (levels - 1);
        if (name.equals("hne")) return hne(levels);
        if (name.equals("independent")) return independent(levels, n);
        if (name.equals("multi-branch")) return multiBranch(levels, n, Math.max(1, levels - 2));
        if (name.startsWith("multi-branch:")) {
            String k = name.substring("multi-branch:".length());
            if (k.matches("[0-9]{1,3}")) return multiBranch(levels, n, Integer.parseInt(k));
        }
        throw new IllegalArgumentException("unknown topology '" + name + "'; use " + NAMES);
    }

    /** The CLI name {@link #parse} turns back into this topology (for checkpoints). */
    public String cliName() {
        if (name.equals("multi-branch")) {
            int shared = 0;
            while (groups[shared] == 1) shared++;
            return "multi-branch:" + shared;
        }
        return name;
    }

    public int levels() {
        return groups.length;
    }

    public int groups(int level) {
        return groups[level];
    }

    /** The number of leaves (ensemble members) N. */
    public int leaves() {
        return groups[groups.length - 1];
    }

    /** How many children each node of level b-1 has at level b (level 0 hangs below the input). */
    public int fanout(int level) {
        return groups[level] / (level == 0 ? 1 : groups[level - 1]);
    }

    // ---------------------------------------------------------------- tree arithmetic (the one place)

    /** The node of level b on the path from the root to {@code leaf}. */
    public int ancestor(int leaf, int level) {
        return leaf / (leaves() / groups[level]);
    }

    /** The node of level b-1 that node {@code node} of level b hangs below (level 0: 0, the input). */
    public int parent(int level, int node) {
        return node / fanout(level);
    }

    /** The nodes of level b + 1 that hang below node {@code node} of level b, ascending (b below the last level). */
    public int[] children(int level, int node) {
        int fanout = fanout(level + 1);
        return IntStream.range(node * fanout, (node + 1) * fanout).toArray();
    }

    /** Which child of its parent node {@code node} of level b is: 0 .. fanout(b) - 1. */
    public int slot(int level, int node) {
        return node % fanout(level);
    }

    /** The distinct nodes of level b on the paths of the given leaves, ascending. */
    public int[] ancestors(int[] leaves, int level) {
        return Arrays.stream(leaves).map(j -> ancestor(j, level)).distinct().sorted().toArray();
    }

    /** The distinct parents (nodes of level b-1; at level 0 the input, 0) of the given nodes of level b, ascending. */
    public int[] parents(int level, int[] nodes) {
        return Arrays.stream(nodes).map(k -> parent(level, k)).distinct().sorted().toArray();
    }

    /** How many nodes each level must compute to evaluate the given leaves: one count per level. */
    public int[] nodesNeeded(int[] leaves) {
        int[] count = new int[groups.length];
        for (int b = 0; b < count.length; b++) count[b] = ancestors(leaves, b).length;
        return count;
    }

    /** Total nodes of the tree (the paper's 2^{B+1} - 1 for an HNE). */
    public int nodes() {
        return Arrays.stream(groups).sum();
    }

    @Override
    public int[] groups() {
        return groups.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Topology t && t.name.equals(name) && Arrays.equals(t.groups, groups);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(groups);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(groups);
    }
}
