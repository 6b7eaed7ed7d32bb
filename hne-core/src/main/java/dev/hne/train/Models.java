package dev.hne.train;

import dev.hne.ann.AnnModel;
import dev.hne.ann.AnytimeNetwork;
import dev.hne.ann.ExitWeighting;
import dev.hne.loss.LossConfig;
import dev.hne.tree.Architectures;
import dev.hne.tree.Topology;
import dev.hne.tree.TreeBuilder;
import dev.hne.tree.TreeSpec;

/**
 * The tree a run trains: a published architecture ({@link Architectures}), optionally cut to its
 * first {@code levels} levels (fewer leaves: 3 levels give N = 4) and narrowed (every channel
 * count divided by {@code widthDivisor}), for the demo and for CPU-sized experiments.
 */
public final class Models {

    private Models() {}

    /** Whether {@code arch} names an anytime network with exits ({@code dev.hne.ann}) rather than an HNE. */
    public static boolean isAnn(String arch) {
        return Architectures.ANN_NAMES.contains(arch);
    }

    /**
     * The model a run trains, with freshly initialised weights from the run's seed: an HNE with the
     * run's objective, or an anytime network with the run's exit weighting.
     */
    public static TrainableModel build(TrainConfig c, Architectures.Input input) {
        return build(c.arch(), input, c.levels(), c.widthDivisor(), c.seed(), c.lossConfig(), c.annWeights(),
                c.topology());
    }

    /**
     * @param loss       the HNE's objective (unused for an ANN)
     * @param annWeights "adaloss", "constant" or "oscillating" (unused for an HNE)
     */
    public static TrainableModel build(String arch, Architectures.Input input, int levels, int widthDivisor, long seed,
                                       LossConfig loss, String annWeights) {
        return build(arch, input, levels, widthDivisor, seed, loss, annWeights, TrainConfig.HNE);
    }

    /** @param topology the tree's shape by its CLI name ({@link Topology#parse}); an ANN must have "hne" */
    public static TrainableModel build(String arch, Architectures.Input input, int levels, int widthDivisor, long seed,
                                       LossConfig loss, String annWeights, String topology) {
        TreeSpec spec = spec(arch, input, levels, widthDivisor);
        if (isAnn(arch)) {
            if (!topology.equals(TrainConfig.HNE)) {
                throw new IllegalArgumentException("--topology " + topology + " is for HNE trees, not for " + arch);
            }
            AnytimeNetwork net = new AnytimeNetwork(spec, seed);
            return new AnnModel(net, ExitWeighting.parse(annWeights, net.exits(), seed));
        }
        return new HneModel(TreeBuilder.build(spec, Topology.parse(topology, spec.levels()), seed), loss);
    }

    /**
     * @throws IllegalArgumentException for an unknown name or a cut/narrowing the architecture cannot take
     */
    public static TreeSpec spec(String arch, Architectures.Input input, int levels, int widthDivisor) {
        TreeSpec full = Architectures.byName(arch, input);
        if (levels < 0 || levels > full.levels()) {
            throw new IllegalArgumentException("--levels must be in 1.." + full.levels() + " for " + arch + " (0 = all), got "
                    + levels);
        }
        if (widthDivisor < 1) {
            throw new IllegalArgumentException("--width-divisor must be >= 1, got " + widthDivisor);
        }
        TreeSpec spec = full;
        String name = arch;
        if (levels > 0 && levels < full.levels()) {
            name += "-L" + levels;
            spec = new TreeSpec(name, full.inChannels(), full.resolution(), full.blocks().subList(0, levels),
                    full.classifier());
        }
        if (widthDivisor > 1) {
            name += "-w" + widthDivisor;
            spec = spec.narrowed(name, widthDivisor);
        }
        return spec;
    }

    /** A short description for logs: "resnet-hne-small cut to 3 levels (N = 4), channels / 2". */
    public static String describe(String arch, int levels, int widthDivisor, int leaves) {
        StringBuilder sb = new StringBuilder(arch);
        if (levels > 0) sb.append(" cut to ").append(levels).append(isAnn(arch) ? " stages" : " levels");
        if (widthDivisor > 1) sb.append(", channels / ").append(widthDivisor);
        return sb.append(isAnn(arch) ? " (" + leaves + " exits)" : " (N = " + leaves + " models)").toString();
    }
}
