package dev.hne.ann;

import static dev.hne.tree.LayerSpec.convBnRelu;
import static dev.hne.tree.LayerSpec.poolLinear;
import static dev.hne.tree.LayerSpec.resnet;
import static dev.hne.tree.LayerSpec.resnetBranching;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hne.anytime.StagedRun;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.tree.HneTree;
import dev.hne.tree.Topology;
import dev.hne.tree.TreeBuilder;
import dev.hne.tree.TreeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The anytime network's exits: the one-pass forward equals each exit computed as its own network,
 * the staged run with a shrinking batch gives the kept rows' logits of the full batch, and the
 * cost per exit equals a count by hand.
 */
class AnytimeNetworkTest {

    /** Three stages of the ResNet rows, 3x8x8 input, 5 classes. */
    static TreeSpec tiny() {
        return new TreeSpec("tiny-ann", 3, 8, List.of(
                List.of(convBnRelu(3, 1, 4), convBnRelu(1, 1, 8)),
                List.of(resnetBranching(2, 16), resnet(1, 1, 16)),
                List.of(resnetBranching(2, 24))),
                List.of(poolLinear(5)));
    }

    static Tensor images(int n, long seed) {
        return Tensor.randn(new Random(seed), 1f, n, 3, 8, 8);
    }

    /** Non-trivial batch-norm statistics, so eval mode is not the identity. */
    static void randomiseStatistics(AnytimeNetwork net, long seed) {
        Random rng = new Random(seed);
        Map<String, Tensor> state = new LinkedHashMap<>(net.stateDict());
        state.replaceAll((k, t) -> {
            if (k.endsWith("running_mean")) return Tensor.randn(rng, 0.3f, t.shape());
            if (k.endsWith("running_var")) {
                float[] v = new float[(int) t.size()];
                for (int i = 0; i < v.length; i++) v[i] = 0.5f + rng.nextFloat();
                return Tensor.of(v, t.shape());
            }
            return t;
        });
        net.loadStateDict(state);
    }

    /**
     * Exit e (1-based) as a network of its own: the spec cut after stage e, with exit e's head as
     * its classifier, holding copies of the ANN's weights.
     */
    static HneTree exitAlone(AnytimeNetwork net, int e) {
        TreeSpec full = net.spec();
        TreeSpec cut = new TreeSpec("exit-" + e, full.inChannels(), full.resolution(), full.blocks().subList(0, e),
                full.classifier());
        HneTree single = TreeBuilder.build(cut, Topology.single(e), 99);
        Map<String, Tensor> mine = net.stateDict();
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (String key : single.stateDict().keySet()) {
            String source;
            if (key.startsWith("classifier.")) {
                String field = key.substring(key.lastIndexOf('.') + 1);   // weight or bias
                source = e == net.exits() ? "trunk." + key : "exits." + (e - 1) + "." + field;
            } else {
                source = "trunk." + key;
            }
            state.put(key, mine.get(source));
        }
        single.loadStateDict(state);
        single.eval();
        return single;
    }

    @Test
    void forwardEqualsEveryExitComputedOnItsOwn() {
        AnytimeNetwork net = new AnytimeNetwork(tiny(), 3);
        randomiseStatistics(net, 4);
        net.eval();
        Tensor x = images(5, 7);
        try (var g = Autograd.noGrad()) {
            List<Tensor> exits = net.forwardExits(x);
            assertEquals(3, exits.size());
            for (int e = 1; e <= 3; e++) {
                Tensor alone = exitAlone(net, e).forward(x);
                assertArrayEquals(alone.toArray(), exits.get(e - 1).toArray(), 1e-5f, "exit " + e);
            }
            assertArrayEquals(exits.get(2).toArray(), net.forward(x).toArray(), 0f);
        }
    }

    @Test
    void stagedRunWithoutDroppingEqualsTheForward() {
        AnytimeNetwork net = new AnytimeNetwork(tiny(), 5);
        net.eval();
        Tensor x = images(4, 8);
        List<Tensor> exits;
        try (var g = Autograd.noGrad()) {
            exits = net.forwardExits(x);
        }
        StagedRun run = net.start(x);
        for (int e = 1; e <= 3; e++) {
            StagedRun.StageOutput out = run.advance();
            assertEquals(e, run.completed());
            assertArrayEquals(exits.get(e - 1).toArray(), out.prediction().toArray(), 0f);
            assertArrayEquals(exits.get(e - 1).toArray(), out.latest().toArray(), 0f);
        }
        assertThrows(IllegalStateException.class, run::advance);
    }

    @Test
    void retainedRowsGetTheLogitsOfTheFullBatch() {
        AnytimeNetwork net = new AnytimeNetwork(tiny(), 11);
        randomiseStatistics(net, 12);
        net.eval();
        Tensor x = images(7, 13);
        List<Tensor> full;
        try (var g = Autograd.noGrad()) {
            full = net.forwardExits(x);
        }
        StagedRun run = net.start(x);
        List<Integer> original = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6));   // current row -> batch row
        int[][] keeps = {{0, 2, 3, 5, 6}, {1, 3, 4}};                                 // after exit 1, after exit 2
        for (int e = 1; e <= 3; e++) {
            Tensor logits = run.advance().prediction();
            assertEquals(original.size(), logits.dim(0), "exit " + e + " computed only the kept rows");
            float[] got = logits.toArray(), want = full.get(e - 1).toArray();
            for (int r = 0; r < original.size(); r++) {
                for (int k = 0; k < 5; k++) {
                    assertEquals(want[original.get(r) * 5 + k], got[r * 5 + k], 1e-5f,
                            "exit " + e + ", batch row " + original.get(r));
                }
            }
            if (e <= keeps.length) {
                int[] keep = keeps[e - 1];
                run.retain(keep);
                List<Integer> next = new ArrayList<>();
                for (int r : keep) next.add(original.get(r));
                original = next;
                assertEquals(keep.length, run.rows());
            }
        }
        assertEquals(List.of(2, 5, 6), original);
    }

    @Test
    void retainRejectsBadRowsAndEmptyBatchesStop() {
        AnytimeNetwork net = new AnytimeNetwork(tiny(), 1);
        net.eval();
        StagedRun run = net.start(images(3, 1));
        run.advance();
        assertThrows(IllegalArgumentException.class, () -> run.retain(new int[] {2, 1}));
        assertThrows(IllegalArgumentException.class, () -> run.retain(new int[] {3}));
        run.retain(new int[0]);
        assertEquals(0, run.rows());
        assertThrows(IllegalStateException.class, run::advance);
    }

    /**
     * Two stages on a 1x4x4 input, counted by hand:
     * <pre>
     *   stage 1  conv 3x3, 1 -> 2, stride 1: 4*4 outputs * 2 channels * 1 * 9 = 288 MACs; params 18 + BN 4 = 22
     *   exit 1   pool + linear 2 -> 3: 6 MACs; params 6 + 3 = 9
     *   stage 2  conv 1x1, 2 -> 4, stride 2: 2*2 outputs * 4 channels * 2 = 32 MACs; params 8 + BN 8 = 16
     *   exit 2   pool + linear 4 -> 3: 12 MACs; params 12 + 3 = 15
     * </pre>
     * To exit 1: 294 MACs, 31 params. To exit 2: 294 + 32 + 12 = 338 MACs, 62 params; exit 2 alone: 332.
     */
    @Test
    void costPerExitEqualsACountByHand() {
        TreeSpec spec = new TreeSpec("hand", 1, 4, List.of(List.of(convBnRelu(3, 1, 2)), List.of(convBnRelu(1, 2, 4))),
                List.of(poolLinear(3)));
        AnnCost cost = new AnnCost(spec);
        assertEquals(294, cost.cumulative(1).macs());
        assertEquals(31, cost.cumulative(1).params());
        assertEquals(338, cost.cumulative(2).macs());
        assertEquals(62, cost.cumulative(2).params());
        assertEquals(332, cost.alone(2).macs());
        AnytimeNetwork net = new AnytimeNetwork(spec, 0);
        assertEquals(62, net.parameterCount(), "the built network has the counted parameters");
        assertEquals(338e-6, net.cumulativeMMacs(2), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> cost.cumulative(3));
    }
}
