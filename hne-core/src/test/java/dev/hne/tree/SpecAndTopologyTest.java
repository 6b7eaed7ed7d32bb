package dev.hne.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.anytime.Anytime;
import dev.hne.anytime.LeafOrder;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecAndTopologyTest {

    @Test
    void topologiesOfPaperFigure5() {
        assertArrayEquals(new int[] {1, 2, 4, 8, 16}, Topology.hne(5).groups());
        assertArrayEquals(new int[] {16, 16, 16, 16, 16}, Topology.independent(5, 16).groups());
        assertArrayEquals(new int[] {1, 1, 1, 16, 16}, Topology.multiBranch(5, 16, 3).groups());
        assertEquals(31, Topology.hne(5).nodes());
        assertEquals(16, Topology.multiBranch(5, 16, 3).fanout(3));
        assertEquals(16, Topology.independent(5, 16).fanout(0));
        assertEquals(2, Topology.hne(5).ancestor(11, 2));      // 11 = 0b1011: level 2 keeps the top two bits
        assertThrows(IllegalArgumentException.class, () -> new Topology("bad", new int[] {2, 1}));
        assertThrows(IllegalArgumentException.class, () -> new Topology("bad", new int[] {1, 3}));
    }

    @Test
    void cliNamesGiveTheShapesWithTheHnesMembers() {
        assertArrayEquals(new int[] {1, 2, 4, 8}, Topology.parse("hne", 4).groups());
        assertArrayEquals(new int[] {8, 8, 8, 8}, Topology.parse("independent", 4).groups());
        assertArrayEquals(new int[] {1, 1, 1, 16, 16}, Topology.parse("multi-branch", 5).groups());   // the paper's 3 of 5
        assertArrayEquals(new int[] {1, 1, 8, 8}, Topology.parse("multi-branch", 4).groups());
        assertArrayEquals(new int[] {1, 8, 8, 8}, Topology.parse("multi-branch:1", 4).groups());
        for (String name : new String[] {"hne", "independent", "multi-branch:1", "multi-branch:3"}) {
            assertEquals(name, Topology.parse(name, 4).cliName());
        }
        assertEquals("multi-branch:2", Topology.parse("multi-branch", 4).cliName());
        assertThrows(IllegalArgumentException.class, () -> Topology.parse("multi-branch:4", 4));   // nothing left to branch
        assertThrows(IllegalArgumentException.class, () -> Topology.parse("multi-branch:x", 4));
        assertThrows(IllegalArgumentException.class, () -> Topology.parse("tree", 4));
    }

    @Test
    void tablesReadAsSpecs() {
        TreeSpec r = Architectures.resnetHne(Architectures.Input.CIFAR100);
        assertEquals(5, r.levels());
        assertEquals(100, r.classes());
        assertEquals(List.of(LayerSpec.resnetBranching(2, 128), LayerSpec.resnet(1, 3, 128)), r.blocks().get(2));
        TreeSpec small = Architectures.resnetHneSmall(Architectures.Input.CIFAR10);
        assertEquals(8, small.blocks().get(0).get(0).outChannels());
        assertEquals(128, small.blocks().get(4).get(1).outChannels());
        assertEquals(10, small.classes());                                       // classes are not halved
        assertEquals(4, Architectures.mobilenetHne(Architectures.Input.IMAGENET).levels());
        assertThrows(IllegalArgumentException.class, () -> Architectures.byName("vgg", Architectures.Input.CIFAR10));
    }

    @Test
    void builderRejectsInconsistentSpecs() {
        TreeSpec convAfterLinear = new TreeSpec("bad", 3, 8, List.of(List.of(LayerSpec.poolLinear(4))),
                List.of(LayerSpec.convBnRelu(3, 1, 4)));
        assertThrows(IllegalArgumentException.class, () -> TreeBuilder.hne(convAfterLinear, 0));
        TreeSpec noHead = new TreeSpec("bad", 3, 8, List.of(List.of(LayerSpec.convBnRelu(3, 1, 4))), List.of());
        assertThrows(IllegalArgumentException.class, () -> TreeBuilder.hne(noHead, 0));
        assertThrows(IllegalArgumentException.class, () -> TreeBuilder.build(TinySpecs.resnet4(), Topology.hne(3), 0));
        TreeSpec shapeChangingPlainLayer = new TreeSpec("bad", 3, 8, List.of(List.of(LayerSpec.resnet(2, 1, 8))),
                List.of(LayerSpec.poolLinear(2)));
        assertThrows(IllegalArgumentException.class, () -> TreeBuilder.hne(shapeChangingPlainLayer, 0));
    }

    @Test
    void stateDictNamesAreGroupedPerLevel() {
        HneTree tree = TreeBuilder.hne(TinySpecs.resnet4(), 0);
        var state = tree.stateDict();
        assertArrayEquals(new int[] {4 * 16, 4, 1, 1}, state.get("blocks.2.0.expand.conv.weight").shape());  // 4 branches x (16, 4)
        assertArrayEquals(new int[] {4 * 4, 1, 3, 3}, state.get("blocks.2.0.depthwise.conv.weight").shape());
        assertArrayEquals(new int[] {8 * 8}, state.get("blocks.3.0.shortcut.bn.running_var").shape());
        assertArrayEquals(new int[] {8 * 5, 8}, state.get("classifier.0.weight").shape());
        assertEquals(3, tree.levelOf("classifier.0.bias"));
    }

    @Test
    void forwardIsTheFullEnsemble() {
        HneTree tree = TreeBuilder.hne(TinySpecs.mobile3(), 0);
        tree.eval();
        Tensor x = TinySpecs.images(tree.spec(), 2, 0);
        try (var s = Autograd.noGrad()) {
            assertTrue(TinySpecs.diff(tree.forward(x), Anytime.evaluate(tree, x, 4, LeafOrder.NATURAL).ensemble()) < 1e-6);
        }
    }
}
