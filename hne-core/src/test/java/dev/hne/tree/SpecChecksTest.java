package dev.hne.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a layer row and a tree spec accept and refuse, and what narrowing keeps (issue 19: PIT survivors). */
class SpecChecksTest {

    private static LayerSpec row(int kernel, int stride, int repeats, int out, int expansion) {
        return new LayerSpec(LayerType.MBNET, kernel, stride, repeats, out, expansion);
    }

    @Test
    void everyCountMustBePositiveAndOneIsAllowed() {
        row(1, 1, 1, 1, 1);                                   // the smallest legal row
        assertMessageNames(() -> row(0, 1, 1, 1, 1), "kernel 0");
        assertMessageNames(() -> row(1, 0, 1, 1, 1), "stride 0");
        assertMessageNames(() -> row(1, 1, 0, 1, 1), "repeats 0");
        assertMessageNames(() -> row(1, 1, 1, 0, 1), "out 0");
        assertMessageNames(() -> row(1, 1, 1, 1, 0), "expansion 0");
    }

    @Test
    void aFeatureLayerCannotRepeatButAConvRowCan() {
        assertMessageNames(() -> new LayerSpec(LayerType.LINEAR, 1, 1, 2, 10, 1), "2 repeats");
        assertEquals(3, LayerSpec.resnet(2, 3, 8).repeats());
    }

    @Test
    void onlyTheFirstRepetitionHasTheStride() {
        LayerSpec r = LayerSpec.mbnet(2, 3, 24);
        assertEquals(2, r.strideOf(0));
        assertEquals(1, r.strideOf(1));
        assertEquals(1, r.strideOf(2));
    }

    @Test
    void narrowingDividesChannelsButNeverBelowOneAndKeepsTheClasses() {
        assertEquals(12, LayerSpec.mbnet(2, 3, 24).narrowed(2).outChannels());
        assertEquals(1, LayerSpec.mbnet(2, 3, 1).narrowed(2).outChannels());       // 1 / 2 would be 0
        TreeSpec spec = new TreeSpec("s", 3, 8, List.of(List.of(LayerSpec.convBnRelu(3, 1, 16))),
                List.of(LayerSpec.linear(32), LayerSpec.linear(10)));
        TreeSpec half = spec.narrowed("s-half", 2);
        assertEquals("s-half", half.name());
        assertEquals(8, half.blocks().get(0).get(0).outChannels());
        assertEquals(16, half.classifier().get(0).outChannels());
        assertEquals(10, half.classes());                                           // the last row stays
        assertEquals(3, half.inChannels());
        assertEquals(8, half.resolution());
        TreeSpec costOnly = new TreeSpec("c", 3, 8, List.of(List.of(LayerSpec.convBnRelu(3, 1, 16))), List.of());
        assertTrue(costOnly.narrowed("c2", 2).classifier().isEmpty());
    }

    @Test
    void aSpecNeedsInputChannelsResolutionAndNonEmptyBlocks() {
        List<List<LayerSpec>> one = List.of(List.of(LayerSpec.convBnRelu(3, 1, 8)));
        new TreeSpec("ok", 1, 1, one, List.of());
        assertMessageNames(() -> new TreeSpec("a", 0, 8, one, List.of()), "spec a");
        assertMessageNames(() -> new TreeSpec("b", 3, 0, one, List.of()), "spec b");
        assertMessageNames(() -> new TreeSpec("c", 3, 8, List.of(), List.of()), "spec c");
        assertMessageNames(() -> new TreeSpec("d", 3, 8, List.of(one.get(0), List.of()), List.of()), "spec d");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new TreeSpec("e", 3, 8, one, List.of()).classes());
        assertTrue(e.getMessage().contains("spec e"), e.getMessage());
    }

    private static void assertMessageNames(org.junit.jupiter.api.function.Executable bad, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
