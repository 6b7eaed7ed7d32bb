package dev.hne.anytime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.tree.HneTree;
import dev.hne.tree.TinySpecs;
import dev.hne.tree.Topology;
import dev.hne.tree.TreeBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Anytime evaluation of any n in 1..N: the ensemble equals the mean of the separately run leaf
 * networks, only the nodes on the evaluated paths are computed, and the progressive evaluator
 * computes each node once and matches the one-shot evaluation at every n.
 */
class AnytimeTest {

    static HneTree tree;          // tiny ResNet, N = 8
    static Tensor x;
    static List<Tensor> alone;    // each leaf's path run as a separate network

    @BeforeAll
    static void build() {
        tree = TreeBuilder.hne(TinySpecs.resnet4(), 11);
        TinySpecs.randomize(tree, 12);
        tree.eval();
        x = TinySpecs.images(tree.spec(), 3, 13);
        alone = new ArrayList<>();
        try (var s = Autograd.noGrad()) {
            for (int j = 0; j < tree.leaves(); j++) alone.add(tree.extractLeaf(j).forwardAll(x).get(0));
        }
    }

    /** Nodes on the union of the leaves' paths. */
    static int pathNodes(Topology t, int[] leaves) {
        int nodes = 0;
        for (int b = 0; b < t.levels(); b++) {
            int level = b;
            nodes += (int) Arrays.stream(leaves).map(j -> t.ancestor(j, level)).distinct().count();
        }
        return nodes;
    }

    @ParameterizedTest
    @EnumSource(LeafOrder.class)
    void anyNEqualsTheMeanOfTheSeparateLeafNetworks(LeafOrder order) {
        try (var s = Autograd.noGrad()) {
            for (int n = 1; n <= tree.leaves(); n++) {
                long before = tree.nodeEvaluations();
                EnsembleOutput out = Anytime.evaluate(tree, x, n, order);
                int[] leaves = order.first(n, tree.leaves());
                assertEquals(pathNodes(tree.topology(), leaves), tree.nodeEvaluations() - before,
                        "only the evaluated paths are computed, n = " + n);
                assertArrayEquals(leaves, out.leaves());
                List<Tensor> members = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    members.add(alone.get(leaves[i]));
                    assertTrue(TinySpecs.diff(out.leafLogits().get(i), alone.get(leaves[i])) < 1e-5);
                }
                assertTrue(TinySpecs.diff(out.ensemble(), Ensemble.mean(members)) < 1e-5, "ensemble, n = " + n);
                assertArrayEquals(new int[] {3, 5}, out.ensemble().shape());
            }
        }
    }

    @Test
    void naturalOrderComputesAPrefixAndDiverseFirstSpreadsOut() {
        // n = 2 of N = 8 (4 levels): natural shares 3 nodes, diverse-first shares only the root
        assertEquals(5, pathNodes(tree.topology(), LeafOrder.NATURAL.first(2, 8)));
        assertEquals(7, pathNodes(tree.topology(), LeafOrder.DIVERSE_FIRST.first(2, 8)));
    }

    @ParameterizedTest
    @EnumSource(LeafOrder.class)
    void progressiveMatchesOneShotAndComputesEachNodeOnce(LeafOrder order) {
        ProgressiveEvaluator p = new ProgressiveEvaluator(tree, x, order);
        assertThrows(IllegalStateException.class, p::current);
        try (var s = Autograd.noGrad()) {
            for (int n = 1; n <= tree.leaves(); n++) {
                EnsembleOutput step = p.next();
                EnsembleOutput once = Anytime.evaluate(tree, x, n, order);
                assertEquals(n, step.models());
                assertTrue(TinySpecs.diff(step.ensemble(), once.ensemble()) < 1e-5, "n = " + n);
                for (int i = 0; i < n; i++) {
                    assertTrue(TinySpecs.diff(step.leafLogits().get(i), once.leafLogits().get(i)) < 1e-5);
                }
                assertEquals(pathNodes(tree.topology(), order.first(n, 8)), p.nodesComputed(), "cumulative, n = " + n);
            }
        }
        assertTrue(p.isDone());
        assertEquals(tree.topology().nodes(), p.nodesComputed());   // 15 nodes, each once
        assertThrows(IllegalStateException.class, p::next);
    }

    @Test
    void naturalOrderStepsOnSixteenLeaves() {
        HneTree chain = TreeBuilder.hne(TinySpecs.chain5(), 1);   // B = 4, N = 16
        chain.eval();
        ProgressiveEvaluator p = new ProgressiveEvaluator(chain, TinySpecs.images(chain.spec(), 2, 1), LeafOrder.NATURAL);
        int[] expected = {5, 1, 2, 1, 3, 1, 2, 1, 4, 1, 2, 1, 3, 1, 2, 1};   // n = 1 costs B + 1; then 1 + trailing zeros
        for (int n = 1; n <= 16; n++) {
            p.next();
            assertEquals(expected[n - 1], p.nodesComputedLastStep(), "going to n = " + n);
            if (n > 1) assertEquals(1 + Integer.numberOfTrailingZeros(n - 1), p.nodesComputedLastStep());
        }
        assertEquals(31, p.nodesComputed());   // 2^{B+1} - 1
    }

    @Test
    void diverseFirstStepsOnSixteenLeaves() {
        HneTree chain = TreeBuilder.hne(TinySpecs.chain5(), 1);
        chain.eval();
        ProgressiveEvaluator p = new ProgressiveEvaluator(chain, TinySpecs.images(chain.spec(), 2, 1), LeafOrder.DIVERSE_FIRST);
        int[] expected = {5, 4, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1};   // leaves 0, 8, 4, 12, 2, ...
        for (int n = 1; n <= 16; n++) {
            p.next();
            assertEquals(expected[n - 1], p.nodesComputedLastStep(), "going to n = " + n);
        }
    }

    @Test
    void advancingSeveralAtOnceComputesTheSameNodesInGroupedPasses() {
        ProgressiveEvaluator p = new ProgressiveEvaluator(tree, x, LeafOrder.DIVERSE_FIRST);
        p.advanceTo(1);
        EnsembleOutput five = p.advanceTo(5);
        assertEquals(pathNodes(tree.topology(), LeafOrder.DIVERSE_FIRST.first(5, 8)), p.nodesComputed());
        try (var s = Autograd.noGrad()) {
            assertTrue(TinySpecs.diff(five.ensemble(), Anytime.evaluate(tree, x, 5, LeafOrder.DIVERSE_FIRST).ensemble()) < 1e-5);
        }
        assertTrue(TinySpecs.diff(five.ensemble(), p.current().ensemble()) == 0);
        assertThrows(IllegalArgumentException.class, () -> p.advanceTo(3));
    }

    @Test
    void partialTreeTrainsOnlyItsPaths() {
        // gradient flows through the picked weights to exactly the evaluated nodes' parameter rows
        HneTree t = TreeBuilder.hne(TinySpecs.resnet4(), 3);
        t.train(true);
        EnsembleOutput out = Anytime.evaluate(t, x, 3, LeafOrder.DIVERSE_FIRST);   // leaves 0, 4, 2
        out.ensemble().sum().backward();
        Tensor grad = t.namedParameters().get("classifier.0.weight").grad();       // (8 * 5, 16)
        for (int leaf = 0; leaf < 8; leaf++) {
            float[] g = HneTree.rowChunk(grad, 8, leaf).toArray();
            boolean any = false;
            for (float v : g) any |= v != 0;
            assertEquals(leaf == 0 || leaf == 4 || leaf == 2, any, "leaf " + leaf);
        }
    }

    @Test
    void partialTrainingUpdatesOnlyTheEvaluatedNodesRunningStatistics() {
        HneTree t = TreeBuilder.hne(TinySpecs.resnet4(), 5);
        TinySpecs.randomize(t, 6);
        t.train(true);
        List<HneTree> paths = new ArrayList<>();
        for (int j = 0; j < 8; j++) paths.add(t.extractLeaf(j));
        var before = new java.util.HashMap<String, float[]>();
        t.namedBuffers().forEach((k, v) -> before.put(k, v.toArray()));
        int[] leaves = LeafOrder.DIVERSE_FIRST.first(3, 8);   // 0, 4, 2: level 2 computes nodes 0, 1, 2 but not 3
        Anytime.evaluate(t, x, 3, LeafOrder.DIVERSE_FIRST);
        for (int leaf : leaves) paths.get(leaf).forwardAll(x);
        for (var e : t.namedBuffers().entrySet()) {
            int level = t.levelOf(e.getKey());
            int groups = t.topology().groups(level);
            for (int node = 0; node < groups; node++) {
                Tensor mine = HneTree.rowChunk(e.getValue(), groups, node);
                Integer onPath = null;
                for (int leaf : leaves) if (t.topology().ancestor(leaf, level) == node) onPath = leaf;
                if (onPath != null) {
                    Tensor theirs = paths.get(onPath).namedBuffers().get(e.getKey());
                    assertTrue(TinySpecs.diff(mine, theirs) < 1e-5, e.getKey() + " node " + node);
                } else {
                    Tensor old = HneTree.rowChunk(Tensor.of(before.get(e.getKey()), e.getValue().shape()), groups, node);
                    assertEquals(0, TinySpecs.diff(mine, old), e.getKey() + " node " + node + " was not evaluated");
                }
            }
        }
    }

    @Test
    void baselinesEvaluateAnyNToo() {
        for (Topology topology : List.of(Topology.independent(4, 8), Topology.multiBranch(4, 8, 2))) {
            HneTree t = TreeBuilder.build(TinySpecs.resnet4(), topology, 8);
            TinySpecs.randomize(t, 9);
            t.eval();
            try (var s = Autograd.noGrad()) {
                EnsembleOutput out = Anytime.evaluate(t, x, 3, LeafOrder.DIVERSE_FIRST);
                List<Tensor> members = new ArrayList<>();
                for (int leaf : out.leaves()) members.add(t.extractLeaf(leaf).forwardAll(x).get(0));
                assertTrue(TinySpecs.diff(out.ensemble(), Ensemble.mean(members)) < 1e-5, topology.toString());
            }
        }
    }
}
