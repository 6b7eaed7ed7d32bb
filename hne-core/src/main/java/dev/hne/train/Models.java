package dev.hne.train;

import dev.hne.ann.AnnModel;
import dev.hne.ann.AnytimeNetwork;
import dev.hne.ann.ExitWeighting;
import dev.hne.loss.LossConfig;
import dev.hne.tree.Architectures;
import dev.hne.tree.LayerSpec;
import dev.hne.tree.LayerType;
import dev.hne.tree.Topology;
import dev.hne.tree.TreeBuilder;
import dev.hne.tree.TreeSpec;
import java.util.ArrayList;
import java.util.List;

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
        ModelConfig m = c.model();
        return build(m.arch(), input, m.levels(), m.widthDivisor(), c.seed(), c.loss(), c.annWeights(), m.topology());
    }

    /**
     * @param loss       the HNE's objective (unused for an ANN)
     * @param annWeights the exit losses' weighting (unused for an HNE)
     */
    public static TrainableModel build(String arch, Architectures.Input input, int levels, int widthDivisor, long seed,
                                       LossConfig loss, ExitWeighting.Kind annWeights) {
        return build(arch, input, levels, widthDivisor, seed, loss, annWeights, ModelConfig.HNE);
    }

    /** @param topology the tree's shape by its CLI name ({@link Topology#parse}); an ANN must have "hne" */
    public static TrainableModel build(String arch, Architectures.Input input, int levels, int widthDivisor, long seed,
                                       LossConfig loss, ExitWeighting.Kind annWeights, String topology) {
        TreeSpec spec = spec(arch, input, levels, widthDivisor);
        if (isAnn(arch)) {
            if (!topology.equals(ModelConfig.HNE)) {
                throw new IllegalArgumentException("--topology " + topology + " is for HNE trees, not for " + arch);
            }
            AnytimeNetwork net = new AnytimeNetwork(spec, seed);
            return new AnnModel(net, annWeights.create(net.exits(), seed));
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
            List<List<LayerSpec>> kept = full.blocks().subList(0, levels);
            spec = new TreeSpec(name, full.inChannels(), full.resolution(), kept, classifierAfterCut(kept, full.classifier()));
        }
        if (widthDivisor > 1) {
            name += "-w" + widthDivisor;
            spec = spec.narrowed(name, widthDivisor);
        }
        return spec;
    }

    /**
     * The classifier of a tree cut short. mobilenet-hne pools inside its last level (the
     * 720 -> pool -> 1280 head) and classifies with a plain linear layer; a cut drops that pooling,
     * so the linear layer would meet feature maps. It then pools first, as resnet-hne's does.
     */
    static List<LayerSpec> classifierAfterCut(List<List<LayerSpec>> kept, List<LayerSpec> classifier) {
        List<LayerSpec> lastLevel = kept.get(kept.size() - 1);
        boolean endsWithMaps = !lastLevel.get(lastLevel.size() - 1).type().producesFeatures();
        if (!endsWithMaps || classifier.isEmpty() || classifier.get(0).type() != LayerType.LINEAR) {
            return classifier;
        }
        List<LayerSpec> rows = new ArrayList<>(classifier);
        rows.set(0, LayerSpec.poolLinear(classifier.get(0).outChannels()));
        return rows;
    }

    /** A short description for logs: "resnet-hne-small cut to 3 levels (N = 4), channels / 2". */
    public static String describe(String arch, int levels, int widthDivisor, int leaves) {
        StringBuilder sb = new StringBuilder(arch);
        if (levels > 0) sb.append(" cut to ").append(levels).append(isAnn(arch) ? " stages" : " levels");
        if (widthDivisor > 1) sb.append(", channels / ").append(widthDivisor);
        return sb.append(isAnn(arch) ? " (" + leaves + " exits)" : " (N = " + leaves + " models)").toString();
    }
}
