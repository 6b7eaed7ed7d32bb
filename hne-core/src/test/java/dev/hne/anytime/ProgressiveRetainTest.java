package dev.hne.anytime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hne.engine.Tensor;
import dev.hne.engine.ops.Rows;
import dev.hne.tree.HneTree;
import dev.hne.tree.TinySpecs;
import dev.hne.tree.TreeBuilder;
import org.junit.jupiter.api.Test;

/**
 * After {@link ProgressiveEvaluator#retain}, EVERYTHING the evaluator returns has one row per kept
 * row: the ensemble and each member's logits, including the members evaluated before the cut.
 * The reference is the same evaluation of the full batch, with its rows picked afterwards.
 */
class ProgressiveRetainTest {

    @Test
    void retainCutsTheEarlierMembersLogitsToo() {
        HneTree tree = TreeBuilder.hne(TinySpecs.resnet4(), 31);
        TinySpecs.randomize(tree, 32);
        tree.eval();
        Tensor x = TinySpecs.images(tree.spec(), 5, 33);
        EnsembleOutput full;
        ProgressiveEvaluator reference = new ProgressiveEvaluator(tree, x, LeafOrder.NATURAL);
        reference.advanceTo(3);
        full = reference.current();

        int[] keep = {1, 4};
        ProgressiveEvaluator p = new ProgressiveEvaluator(tree, x, LeafOrder.NATURAL);
        p.advanceTo(2);
        p.retain(keep);
        EnsembleOutput cut = p.advanceTo(3);
        assertEquals(2, p.rows());
        assertEquals(3, cut.models());
        assertArrayEquals(Rows.gather(full.ensemble(), keep).toArray(), cut.ensemble().toArray(), 1e-5f, "ensemble");
        for (int m = 0; m < 3; m++) {
            Tensor member = cut.leafLogits().get(m);
            assertEquals(2, member.dim(0), "member " + m + " rows");
            assertArrayEquals(Rows.gather(full.leafLogits().get(m), keep).toArray(), member.toArray(), 1e-5f,
                    "member " + m);
        }
    }
}
