package dev.hne.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Parent, slot, ancestors and nodes needed per level: hand-counted on drawn trees, and one property
 * tying the two formulas together (a leaf's ancestor at b-1 is the parent of its ancestor at b), and
 * children checked against parent.
 */
class TopologyArithmeticTest {

    //   hne(4): groups 1, 2, 4, 8          leaf 5 = 101b: path 0 -> 1 -> 2 -> 5
    @Test
    void binaryTreeByHand() {
        Topology t = Topology.hne(4);
        assertArrayEquals(new int[] {0}, t.ancestors(new int[] {5}, 0));
        assertArrayEquals(new int[] {1}, t.ancestors(new int[] {5}, 1));
        assertArrayEquals(new int[] {2}, t.ancestors(new int[] {5}, 2));
        assertEquals(2, t.parent(3, 5));
        assertEquals(1, t.slot(3, 5), "5 is the second child of 2");
        assertEquals(0, t.slot(3, 4));
        assertEquals(0, t.parent(0, 0), "level 0 hangs below the input");
        assertArrayEquals(new int[] {1, 2, 2, 2}, t.nodesNeeded(new int[] {0, 5}));
        assertArrayEquals(new int[] {1, 1, 1, 2}, t.nodesNeeded(new int[] {1, 0}));
        assertArrayEquals(new int[] {0, 2}, t.ancestors(new int[] {5, 0, 4}, 2), "distinct, ascending");
        assertArrayEquals(new int[] {0, 1}, t.parents(2, new int[] {3, 0, 1}));
        assertArrayEquals(new int[] {4, 5}, t.children(2, 2));
        assertArrayEquals(new int[] {0, 1}, t.children(0, 0));
    }

    //   independent(3, 4): groups 4, 4, 4  every network is its own path; level 0 fans out from the input
    @Test
    void independentNetworksByHand() {
        Topology t = Topology.independent(3, 4);
        assertEquals(0, t.parent(0, 3));
        assertEquals(3, t.slot(0, 3), "the input's fourth child");
        assertEquals(2, t.parent(1, 2));
        assertEquals(0, t.slot(1, 2));
        assertArrayEquals(new int[] {2, 2, 2}, t.nodesNeeded(new int[] {1, 2}));
    }

    //   multiBranch(4, 8, 2): groups 1, 1, 8, 8   a trunk of two levels, then 8 branches
    @Test
    void multiBranchByHand() {
        Topology t = Topology.multiBranch(4, 8, 2);
        assertEquals(0, t.parent(2, 5));
        assertEquals(5, t.slot(2, 5));
        assertEquals(5, t.parent(3, 5));
        assertArrayEquals(new int[] {1, 1, 2, 2}, t.nodesNeeded(new int[] {0, 7}));
    }

    @Test
    void ancestorsAgreeWithParentsAndAllLeavesNeedEveryNode() {
        for (Topology t : List.of(Topology.hne(5), Topology.independent(5, 16), Topology.multiBranch(5, 16, 3),
                Topology.parse("multi-branch:1", 4))) {
            for (int leaf = 0; leaf < t.leaves(); leaf++) {
                assertEquals(leaf, t.ancestor(leaf, t.levels() - 1), t + ": a leaf is its own last-level node");
                for (int b = 1; b < t.levels(); b++) {
                    int node = t.ancestor(leaf, b);
                    assertEquals(t.ancestor(leaf, b - 1), t.parent(b, node), t + " leaf " + leaf + " level " + b);
                    assertEquals(node, t.parent(b, node) * t.fanout(b) + t.slot(b, node), t + " node " + node);
                }
            }
            for (int b = 0; b + 1 < t.levels(); b++) {   // children are exactly the nodes whose parent is the node
                for (int node = 0; node < t.groups(b); node++) {
                    int k = node, level = b + 1;
                    int[] below = IntStream.range(0, t.groups(level)).filter(j -> t.parent(level, j) == k).toArray();
                    assertArrayEquals(below, t.children(b, node), t + " level " + b + " node " + node);
                }
            }
            int[] all = IntStream.range(0, t.leaves()).toArray();
            assertArrayEquals(t.groups(), t.nodesNeeded(all), t.toString());
        }
    }
}
