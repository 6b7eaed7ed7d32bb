package dev.hne.train;

import dev.hne.tree.Topology;

/**
 * Which network a run trains. Checks its own fields (messages name the {@code ./hne train} option);
 * whether the architecture can be cut to {@code levels} is checked when the tree is built
 * ({@link Models#spec}), which knows the architecture's depth.
 *
 * @param arch         resnet-hne, resnet-hne-small, mobilenet-hne, or an anytime network ann-resnet...
 * @param levels       tree levels to keep (B + 1; 0 = all of the architecture's): 3 gives N = 4 leaves
 * @param widthDivisor every channel count divided by this (1 = the architecture as published)
 * @param topology     the tree's shape ({@link Topology#parse}): "hne", or the paper's Fig. 5 baselines
 *                     "independent" and "multi-branch[:K]" with the same members; a string because
 *                     multi-branch's default K depends on the depth, known only once the tree is built
 */
public record ModelConfig(String arch, int levels, int widthDivisor, String topology) {

    /** The tree shape of every run before --topology: the HNE's binary tree. */
    public static final String HNE = "hne";

    public ModelConfig {
        SettingChecks.atLeast("--levels", levels, 0);
        SettingChecks.atLeast("--width-divisor", widthDivisor, 1);
        if (!topology.matches("hne|independent|multi-branch(:[0-9]{1,3})?")) {
            throw new IllegalArgumentException("--topology: unknown topology '" + topology + "'; use " + Topology.NAMES);
        }
        if (Models.isAnn(arch) && !topology.equals(HNE)) {
            throw new IllegalArgumentException("--topology " + topology
                    + " is for HNE trees; an anytime network (ann-resnet*) has none");
        }
    }

    /** An HNE (binary tree) or an anytime network, as the paper trains it. */
    public ModelConfig(String arch, int levels, int widthDivisor) {
        this(arch, levels, widthDivisor, HNE);
    }

    /** Whether this is an anytime network with exits rather than an HNE. */
    public boolean isAnn() {
        return Models.isAnn(arch);
    }
}
