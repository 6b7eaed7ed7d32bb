package dev.hne.anytime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.tree.HneTree;
import dev.hne.tree.TinySpecs;
import dev.hne.tree.TreeBuilder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The small public surface of the anytime package that the CLI, bench and serve read: the leaf
 * orders' CLI spellings, what a staged model was built from, and the workload's resolution and
 * logits. Written for mutation-testing survivors (issue 19) that no test covered.
 */
class AnytimeAccessorsTest {

    @Test
    void leafOrdersParseTheirCliNamesAndNameTheChoicesOtherwise() {
        for (LeafOrder o : LeafOrder.values()) assertSame(o, LeafOrder.parse(o.cliName()));
        assertEquals("natural", LeafOrder.NATURAL.cliName());
        assertEquals("diverse", LeafOrder.DIVERSE_FIRST.cliName());
        assertSame(LeafOrder.DIVERSE_FIRST, LeafOrder.parse("diverse-first"));
        var e = assertThrows(IllegalArgumentException.class, () -> LeafOrder.parse("random"));
        assertTrue(e.getMessage().contains("'random'") && e.getMessage().contains("natural or diverse"), e.getMessage());
    }

    @Test
    void aStagedModelKeepsTheTreeAndOrderItWasBuiltFrom() {
        HneTree tree = TreeBuilder.hne(TinySpecs.resnet4(), 3);
        HneStagedModel m = new HneStagedModel(tree, LeafOrder.DIVERSE_FIRST);
        assertSame(tree, m.tree());
        assertSame(LeafOrder.DIVERSE_FIRST, m.order());
    }

    @Test
    void theWorkloadRunsItsBatchAtTheResolutionAskedAndGivesTheEnsembleOfTheFirstNMembers() {
        AnytimeWorkload w = AnytimeWorkload.create("resnet-hne-small", 2, 8, "cpu", 5);
        assertEquals(8, w.tree().spec().resolution(), "the resolution asked for, not the default 28");
        Tensor logits = w.run(2);
        assertArrayEquals(new int[] {2, 10}, logits.shape(), "batch 2, 10 classes");
        // its documented input: standard normal images drawn from Random(seed + 1), the default input's 3 channels at 8x8
        Tensor x = Tensor.randn(new Random(5 + 1), 1f, 2, 3, 8, 8);
        float[] expected;
        try (var noGrad = Autograd.noGrad()) {
            expected = Anytime.evaluate(w.tree(), x, 2, LeafOrder.NATURAL).ensemble().toArray();
        }
        assertArrayEquals(expected, logits.toArray(), 0f);
    }
}
