package dev.hne.ann;

import dev.hne.anytime.StagedModel;
import dev.hne.anytime.StagedRun;
import dev.hne.cost.CostModel;
import dev.hne.engine.Tensor;
import dev.hne.engine.nn.Linear;
import dev.hne.engine.nn.Module;
import dev.hne.engine.ops.GlobalAvgPool;
import dev.hne.tree.Branches;
import dev.hne.tree.HneTree;
import dev.hne.tree.Topology;
import dev.hne.tree.TreeBuilder;
import dev.hne.tree.TreeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An anytime neural network (ANN, Hu et al.): one ResNet-style path cut into stages, with an
 * auxiliary classifier (global average pool + linear) after every stage. Exit e predicts from the
 * features of stage e; evaluating the stages in order gives a prediction after each, so the
 * computation can stop at any exit.
 *
 * <pre>
 *   x -> stage 1 -> stage 2 -> ... -> stage S -> pool + linear   exit S (the spec's classifier)
 *           |          |
 *      pool+linear pool+linear                                  exits 1 .. S-1
 * </pre>
 * The stages are the levels of a {@link TreeSpec} built as a single path ({@link Topology#single}),
 * so they are the very blocks (stem, bottlenecks with projection shortcuts) and the cost rule of
 * the HNE trees. State-dict keys: {@code trunk.blocks.<stage>....}, {@code trunk.classifier....}
 * (the last exit) and {@code exits.<stage>.weight/bias} (exits 1..S-1).
 *
 * <p>What it is not: the training objective ({@link AnnLoss}) or the early-exit decision
 * (adaptive evaluation works on the {@link StagedModel} view: {@link #start}).
 * Dimension legend: N batch, K classes.
 */
public final class AnytimeNetwork extends Module implements StagedModel {

    private final TreeSpec spec;
    private final HneTree trunk;
    private final List<Linear> heads = new ArrayList<>();
    private final AnnCost cost;

    /** Weights from {@code seed}: the trunk exactly as TreeBuilder initialises a tree, then the heads. */
    public AnytimeNetwork(TreeSpec spec, long seed) {
        this.spec = spec;
        this.trunk = register("trunk", TreeBuilder.build(spec, Topology.single(spec.levels()), seed));
        Heads exits = register("exits", new Heads());
        Random rng = new Random(seed * 31 + 17);   // independent of the trunk's stream
        for (int b = 0; b < spec.levels() - 1; b++) {
            heads.add(exits.add(new Linear(rng, AnnCost.outChannels(spec, b), spec.classes())));
        }
        this.cost = new AnnCost(CostModel.of(trunk));
    }

    public TreeSpec spec() {
        return spec;
    }

    public int exits() {
        return spec.levels();
    }

    public int classes() {
        return spec.classes();
    }

    public AnnCost cost() {
        return cost;
    }

    // ---------------------------------------------------------------- forward

    /** The last exit's logits (N, K). */
    @Override
    public Tensor forward(Tensor x) {
        List<Tensor> all = forwardExits(x);
        return all.get(all.size() - 1);
    }

    /**
     * The logits of every exit, exit 1 first: one pass through the stages, each exit read off on the
     * way (training uses this: every exit's loss in one graph).
     *
     * @param x (N, C_in, H, W) images
     * @return S tensors (N, K)
     */
    public List<Tensor> forwardExits(Tensor x) {
        List<Tensor> out = new ArrayList<>();
        Tensor h = x;
        for (int b = 0; b < exits(); b++) {
            Tensor[] step = stage(b, h);
            h = step[0];
            out.add(step[1]);
        }
        return out;
    }

    /**
     * Stage b (0-based) from the previous stage's features (the image for b = 0).
     *
     * @return {features (N, C_b, H_b, W_b) or null after the last stage, exit logits (N, K)}
     */
    Tensor[] stage(int b, Tensor h) {
        Branches one = Branches.all(1);
        Tensor out = trunk.forwardLevel(b, h, one, one);   // at the last level: the classifier's logits
        if (b == exits() - 1) {
            return new Tensor[] {null, out};
        }
        return new Tensor[] {out, heads.get(b).forward(GlobalAvgPool.apply(out))};
    }

    // ---------------------------------------------------------------- StagedModel

    @Override
    public int stages() {
        return exits();
    }

    @Override
    public double cumulativeMMacs(int stage) {
        return cost.cumulative(stage).mmacs();
    }

    @Override
    public StagedRun start(Tensor x) {
        return new AnnRun(this, x);
    }

    /** The exit heads, children "0", "1", ... */
    private static final class Heads extends Module {
        Linear add(Linear head) {
            return register(Integer.toString(children().size()), head);
        }

        @Override
        public Tensor forward(Tensor x) {
            throw new UnsupportedOperationException("the exit heads are applied one by one");
        }
    }
}
