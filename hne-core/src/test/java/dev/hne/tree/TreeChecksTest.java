package dev.hne.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tree's refusals of bad leaves and of a level computed without its parents (issue 19: PIT survivors). */
class TreeChecksTest {

    @Test
    void leavesMustBeDistinctAndInRange() {
        HneTree tree = TreeBuilder.hne(TinySpecs.resnet4(), 1);    // 4 levels: 8 leaves
        Tensor x = TinySpecs.images(tree.spec(), 1, 3);
        for (int[] bad : new int[][] {{8}, {-1}, {1, 1}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tree.forwardLeaves(x, bad));
            assertTrue(e.getMessage().contains("must be distinct and in [0, 8)"), e.getMessage());
        }
    }

    @Test
    void aNodeWhoseParentWasNotComputedIsRefusedNamingBoth() {
        HneTree tree = TreeBuilder.hne(TinySpecs.resnet4(), 1);
        Tensor x = TinySpecs.images(tree.spec(), 1, 3);
        Tensor level0 = tree.forwardLevel(0, x, Branches.all(1), Branches.all(1));
        Branches onlyNode0 = new Branches(2, new int[] {0});
        Tensor level1 = tree.forwardLevel(1, level0, Branches.all(1), onlyNode0);
        // in the HNE, node 2 of level 2 is a child of node 1 of level 1 (2 / fanout 2)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tree.forwardLevel(2, level1, onlyNode0, new Branches(4, new int[] {2})));
        assertTrue(e.getMessage().contains("level 2: node 2 needs parent 1"), e.getMessage());
    }

    @Test
    void theSwitchesReturnTheTreeForChaining() {
        HneTree tree = TreeBuilder.hne(TinySpecs.resnet4(), 1);
        assertSame(tree, tree.useFusedInference(false));
    }
    @Test
    void branchesMustBeSortedDistinctAndInRange() {
        new Branches(4, new int[] {0, 3});                         // both ends of [0, 4)
        for (int[] bad : new int[][] {{4}, {-1}, {1, 1}, {2, 1}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Branches(4, bad));
            assertTrue(e.getMessage().contains("must be sorted, distinct and in [0, 4)"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new Branches(4, new int[0]));
    }

    @Test
    void topologiesAreEqualByNameAndGroupsAndPrintBoth() {
        assertEquals(Topology.hne(3), Topology.hne(3));
        assertEquals(Topology.hne(3).hashCode(), Topology.hne(3).hashCode());
        assertNotEquals(Topology.hne(3), Topology.hne(4));                  // same name, other groups
        assertNotEquals(Topology.hne(3), new Topology("other", new int[] {1, 2, 4}));
        assertNotEquals(Topology.hne(3), (Object) "hne[1, 2, 4]");
        assertEquals("hne[1, 2, 4]", Topology.hne(3).toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Topology.multiBranch(4, 4, 4));
        assertTrue(e.getMessage().contains("must be in [1, 3], got 4"), e.getMessage());
    }
    @Test
    void theAnnIsWidenedBySquareRootsOfTwoRoundedTo16() {
        // resnet-hne's levels end with 64, 64, 128, 256, 256 channels; stage b is widened by sqrt(2^b):
        // 64, 90.5 -> 96, 256, 724.1 -> 720, 1024 (the class comment's 64/96/256/720/1024)
        TreeSpec ann = Architectures.annResnet(Architectures.Input.CIFAR10);
        int[] expected = {64, 96, 256, 720, 1024};
        for (int b = 0; b < expected.length; b++) {
            List<LayerSpec> rows = ann.blocks().get(b);
            assertEquals(expected[b], rows.get(rows.size() - 1).outChannels(), "stage " + b);
        }
        assertEquals(16, ann.blocks().get(0).get(0).outChannels());         // stage 0 is not widened
    }

    @Test
    void mobileNetDefaultsToImageNetAndTheResNetsToCifar() {
        assertEquals(Architectures.Input.IMAGENET, Architectures.defaultInput("mobilenet-hne"));
        assertEquals(Architectures.Input.CIFAR10, Architectures.defaultInput("resnet-hne"));
    }
}
