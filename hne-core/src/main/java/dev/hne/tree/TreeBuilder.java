package dev.hne.tree;

import java.util.Random;

/**
 * The one builder: any {@link TreeSpec} plus a {@link Topology} becomes an {@link HneTree}.
 *
 * <p>It walks the spec's rows in order, tracking the per-branch channel count, and creates one
 * module per layer (repeated rows expanded; only a row's first copy has its stride) holding the
 * parameters of all of that level's branches. It checks that feature layers (pool + linear) come
 * after the convolutions and that the classifier ends with features.
 */
public final class TreeBuilder {

    private TreeBuilder() {}

    /** The HNE binary tree of a spec: 2^b branches at level b. */
    public static HneTree hne(TreeSpec spec, long seed) {
        return build(spec, Topology.hne(spec.levels()), seed);
    }

    public static HneTree build(TreeSpec spec, Topology topology, long seed) {
        if (topology.levels() != spec.levels()) {
            throw new IllegalArgumentException("spec " + spec.name() + " has " + spec.levels()
                    + " levels but topology " + topology + " has " + topology.levels());
        }
        if (spec.classifier().isEmpty()) {
            throw new IllegalArgumentException("spec " + spec.name() + " has no classifier rows to build");
        }
        Random rng = new Random(seed);
        Walk walk = new Walk(spec.inChannels());
        Level[] levels = new Level[spec.levels()];
        for (int b = 0; b < spec.levels(); b++) {
            levels[b] = new Level(topology.groups(b));
            for (LayerSpec row : spec.blocks().get(b)) walk.add(rng, levels[b], row, spec.name());
        }
        Level classifier = new Level(topology.leaves());
        for (LayerSpec row : spec.classifier()) walk.add(rng, classifier, row, spec.name());
        if (!walk.features) {
            throw new IllegalArgumentException("spec " + spec.name() + ": the classifier must end with a linear layer");
        }
        return new HneTree(spec, topology, levels, classifier);
    }

    /** The state of the walk: channels of one branch, and whether we hold features or maps. */
    private static final class Walk {
        int channels;
        boolean features;

        Walk(int channels) {
            this.channels = channels;
        }

        void add(Random rng, Level level, LayerSpec row, String specName) {
            if (features && !row.type().consumesFeatures()) {
                throw new IllegalArgumentException("spec " + specName + ": layer " + row.type()
                        + " needs feature maps but follows a pool + linear layer");
            }
            if (!features && row.type().consumesFeatures()) {
                throw new IllegalArgumentException("spec " + specName + ": LINEAR needs features; pool first");
            }
            for (int i = 0; i < row.repeats(); i++) {
                level.add(create(rng, level.branches(), row, channels, row.strideOf(i)));
                channels = row.outChannels();
            }
            features = row.type().producesFeatures();
        }
    }

    private static BranchLayer create(Random rng, int branches, LayerSpec row, int in, int stride) {
        int out = row.outChannels();
        return switch (row.type()) {
            case CONV_BN_RELU -> new ConvBnAct(rng, branches, in, out, row.kernel(), stride, 1, Act.RELU);
            case CONV_BN_RELU6 -> new ConvBnAct(rng, branches, in, out, row.kernel(), stride, 1, Act.RELU6);
            case RESNET -> new Bottleneck(rng, branches, in, out, stride, false);
            case RESNET_BRANCHING -> new Bottleneck(rng, branches, in, out, stride, true);
            case MBNET, MBNET_BRANCHING -> new InvertedResidual(rng, branches, in, out, stride, row.expansion());
            case POOL_LINEAR -> new BranchLinear(rng, branches, in, out, true, Act.NONE);
            case POOL_LINEAR_RELU6 -> new BranchLinear(rng, branches, in, out, true, Act.RELU6);
            case LINEAR -> new BranchLinear(rng, branches, in, out, false, Act.NONE);
        };
    }
}
