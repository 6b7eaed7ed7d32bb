package dev.hne.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hne.cost.CostModel;
import dev.hne.tree.Architectures;
import dev.hne.tree.LayerSpec;
import dev.hne.tree.TreeBuilder;
import dev.hne.tree.TreeSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cut and narrowed trees: the demo's and the Fashion-MNIST runs' sizes. */
class ModelsTest {

    @Test
    void cutAndNarrowedTrees() {
        TreeSpec demo = Models.spec("resnet-hne-small", Architectures.Input.CIFAR10, 3, 2);
        assertEquals("resnet-hne-small-L3-w2", demo.name());
        assertEquals(3, demo.levels());
        assertEquals(10, demo.classes());
        TreeSpec full = Models.spec("resnet-hne", Architectures.Input.CIFAR10, 0, 1);
        assertEquals(Architectures.resnetHne(Architectures.Input.CIFAR10), full);
        // the Fashion-MNIST tree of docs/results.md: 1.85 MMACs for one member, 8.33 for all eight
        TreeSpec fm = Models.spec("resnet-hne-small", Architectures.Input.FASHION_MNIST, 4, 2);
        CostModel cost = CostModel.hne(fm);
        assertEquals(1.85, cost.singleModel().mmacs(), 0.005);
    }

    @Test
    void mobilenetCutShortPoolsBeforeItsLinearClassifier() {
        // mobilenet-hne pools in its last level (720 -> pool -> 1280); a cut to 2 levels ends with maps
        Architectures.Input in = new Architectures.Input(3, 32, 10);
        TreeSpec cut = Models.spec("mobilenet-hne", in, 2, 8);
        assertEquals(List.of(LayerSpec.poolLinear(10)), cut.classifier());
        TreeBuilder.hne(cut, 0);   // threw "LINEAR needs features; pool first" before
        TreeSpec whole = Models.spec("mobilenet-hne", in, 0, 8);
        assertEquals(List.of(LayerSpec.linear(10)), whole.classifier());   // already pooled: unchanged
        assertEquals(List.of(LayerSpec.poolLinear(10)), Models.spec("resnet-hne", in, 2, 8).classifier());
    }

    @Test
    void rejectsImpossibleCuts() {
        assertThrows(IllegalArgumentException.class, () -> Models.spec("resnet-hne", Architectures.Input.CIFAR10, 6, 1));
        assertThrows(IllegalArgumentException.class, () -> Models.spec("resnet-hne", Architectures.Input.CIFAR10, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> Models.spec("vgg", Architectures.Input.CIFAR10, 0, 1));
    }
}
