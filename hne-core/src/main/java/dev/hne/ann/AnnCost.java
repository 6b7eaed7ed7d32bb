package dev.hne.ann;

import dev.hne.cost.Cost;
import dev.hne.cost.CostModel;
import dev.hne.tree.LayerSpec;
import dev.hne.tree.Topology;
import dev.hne.tree.TreeSpec;

/**
 * Inference cost of an anytime network, exit by exit, counted by the same rule as the HNE's
 * ({@link CostModel}: MACs of convolutions and linear layers, batch 1).
 *
 * <pre>
 *   stage b        one path of the spec's level b (CostModel of a single-path topology)
 *   exit b         pool + linear: channels_b * K MACs (the last exit is the spec's classifier)
 *   to exit e      stages 1..e + exits 1..e  (anytime: every earlier exit was evaluated on the way)
 *   exit e alone   stages 1..e + exit e      (a network cut at exit e, no earlier prediction)
 * </pre>
 * Exits are 1-based here, as in {@code StagedModel}.
 */
public final class AnnCost {

    private final Cost[] stages;
    private final Cost[] exits;

    public AnnCost(TreeSpec spec) {
        this(new CostModel(spec, Topology.single(spec.levels())));
    }

    /** @param trunk the cost model of the network's single-path trunk (CostModel.of the built trunk) */
    public AnnCost(CostModel trunk) {
        TreeSpec spec = trunk.spec();
        int n = spec.levels();
        stages = new Cost[n];
        exits = new Cost[n];
        for (int b = 0; b < n; b++) {
            stages[b] = trunk.blockCost(b);
            exits[b] = b == n - 1 ? trunk.classifierCost() : head(outChannels(spec, b), spec.classes());
        }
    }

    /** A global-average-pool + linear head: in * K MACs, in * K + K parameters. */
    static Cost head(int in, int classes) {
        return new Cost((long) in * classes, (long) in * classes + classes);
    }

    /** Channels that stage b hands on: the output of its last row. */
    static int outChannels(TreeSpec spec, int stage) {
        var rows = spec.blocks().get(stage);
        LayerSpec last = rows.get(rows.size() - 1);
        return last.outChannels();
    }

    public int exits() {
        return stages.length;
    }

    public Cost stage(int exit) {
        return stages[exit - 1];
    }

    public Cost exitHead(int exit) {
        return exits[exit - 1];
    }

    /** Everything evaluated to reach exit {@code exit} in an anytime run: stages and heads 1..exit. */
    public Cost cumulative(int exit) {
        check(exit);
        Cost c = Cost.ZERO;
        for (int i = 1; i <= exit; i++) c = c.plus(stage(i)).plus(exitHead(i));
        return c;
    }

    /** The network cut at exit {@code exit}: stages 1..exit and that exit's head only. */
    public Cost alone(int exit) {
        check(exit);
        Cost c = exitHead(exit);
        for (int i = 1; i <= exit; i++) c = c.plus(stage(i));
        return c;
    }

    /** Cumulative MMACs for exits 1..E. */
    public double[] cumulativeMMacs() {
        double[] m = new double[exits()];
        for (int e = 1; e <= m.length; e++) m[e - 1] = cumulative(e).mmacs();
        return m;
    }

    private void check(int exit) {
        if (exit < 1 || exit > exits()) {
            throw new IllegalArgumentException("exit " + exit + " does not exist; exits are 1.." + exits());
        }
    }
}
