package dev.hne.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The key test of the grouped implementation (paper Fig. 2): the tree's grouped forward gives, for
 * every leaf, exactly what that leaf's root-to-leaf path computes as a separate network with the
 * same weights; in training mode the gradients agree too (a shared node's gradient is the sum of
 * its leaves').
 */
class GroupedEqualsIndependentTest {

    static Stream<Arguments> trees() {
        TreeSpec r = TinySpecs.resnet4(), m = TinySpecs.mobile3();
        return Stream.of(
                Arguments.of(r, Topology.hne(4)),
                Arguments.of(m, Topology.hne(3)),
                Arguments.of(r, Topology.independent(4, 4)),
                Arguments.of(r, Topology.multiBranch(4, 8, 2)),
                Arguments.of(Architectures.resnetHneSmall(new Architectures.Input(1, 12, 4)), Topology.hne(5)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("trees")
    void everyLeafEqualsItsPathAsASeparateNetwork(TreeSpec spec, Topology topology) {
        HneTree tree = TreeBuilder.build(spec, topology, 1);
        TinySpecs.randomize(tree, 2);
        tree.eval();
        Tensor x = TinySpecs.images(spec, 3, 3);
        try (var s = Autograd.noGrad()) {
            List<Tensor> grouped = tree.forwardAll(x);
            assertEquals(topology.leaves(), grouped.size());
            for (int leaf = 0; leaf < topology.leaves(); leaf++) {
                Tensor alone = tree.extractLeaf(leaf).forwardAll(x).get(0);
                assertEquals(3, alone.dim(0));
                assertEquals(5 + (spec.name().startsWith("resnet-hne") ? -1 : 0), alone.dim(1));
                assertTrue(TinySpecs.diff(grouped.get(leaf), alone) < 1e-5,
                        "leaf " + leaf + " differs by " + TinySpecs.diff(grouped.get(leaf), alone));
            }
        }
    }

    @Test
    void leavesOfTheSameTreeDiffer() {
        // guards the test above: with random weights, different paths must give different outputs
        HneTree tree = TreeBuilder.hne(TinySpecs.resnet4(), 1);
        TinySpecs.randomize(tree, 2);
        tree.eval();
        try (var s = Autograd.noGrad()) {
            List<Tensor> z = tree.forwardAll(TinySpecs.images(tree.spec(), 2, 3));
            for (int j = 1; j < z.size(); j++) assertTrue(TinySpecs.diff(z.get(j), z.get(0)) > 1e-3);
        }
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("trees")
    void trainingModeGradientsEqualTheSumOverLeaves(TreeSpec spec, Topology topology) {
        HneTree tree = TreeBuilder.build(spec, topology, 4);
        TinySpecs.randomize(tree, 5);
        tree.train(true);
        List<HneTree> paths = new ArrayList<>();
        for (int leaf = 0; leaf < topology.leaves(); leaf++) paths.add(tree.extractLeaf(leaf));
        Tensor x = TinySpecs.images(spec, 4, 6);
        Random rng = new Random(7);

        // loss = sum_j sum(logits_j * r_j): every leaf gets its own random upstream gradient
        List<Tensor> grouped = tree.forwardAll(x);
        Tensor treeLoss = null, pathLoss = null;
        for (int leaf = 0; leaf < paths.size(); leaf++) {
            Tensor r = Tensor.randn(rng, 1f, grouped.get(leaf).shape());
            Tensor alone = paths.get(leaf).forwardAll(x).get(0);
            assertTrue(TinySpecs.diff(grouped.get(leaf), alone) < 1e-5, "training-mode forward of leaf " + leaf);
            treeLoss = treeLoss == null ? grouped.get(leaf).mul(r).sum() : treeLoss.add(grouped.get(leaf).mul(r).sum());
            Tensor term = alone.mul(r).sum();
            pathLoss = pathLoss == null ? term : pathLoss.add(term);
        }
        treeLoss.backward();
        pathLoss.backward();

        for (Map.Entry<String, Parameter> e : tree.namedParameters().entrySet()) {
            int level = tree.levelOf(e.getKey());
            int groups = topology.groups(level);
            Tensor grad = e.getValue().grad();
            assertNotNull(grad, e.getKey());
            for (int node = 0; node < groups; node++) {
                Tensor expected = null;
                for (int leaf = 0; leaf < paths.size(); leaf++) {
                    if (topology.ancestor(leaf, level) != node) continue;
                    Tensor g = paths.get(leaf).namedParameters().get(e.getKey()).grad();
                    expected = expected == null ? g : expected.add(g);
                }
                Tensor actual = HneTree.rowChunk(grad, groups, node);
                double d = TinySpecs.diff(actual, expected);
                assertTrue(d < 1e-4, e.getKey() + " node " + node + " gradient differs by " + d);
            }
        }
        // the running statistics moved the same way as well
        for (var e : tree.namedBuffers().entrySet()) {
            int level = tree.levelOf(e.getKey());
            int leaf = 0;   // node 0 of every level is on leaf 0's path
            Tensor mine = HneTree.rowChunk(e.getValue(), topology.groups(level), 0);
            assertTrue(TinySpecs.diff(mine, paths.get(leaf).namedBuffers().get(e.getKey())) < 1e-5, e.getKey());
        }
    }
}
