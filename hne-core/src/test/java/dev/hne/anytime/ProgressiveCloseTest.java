package dev.hne.anytime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import dev.hne.engine.backend.cpu.CpuBackend;
import dev.hne.tree.HneTree;
import dev.hne.tree.TinySpecs;
import dev.hne.tree.TreeBuilder;
import org.junit.jupiter.api.Test;

/**
 * Closing a run hands its cached activations back to the backend: a batch that stops early (fixed
 * n below N, a policy, a server's deadline) used to leave them to the garbage collector, so every
 * batch allocated its cache afresh.
 */
class ProgressiveCloseTest {

    @Test
    void theNextBatchReusesAClosedRunsCacheInsteadOfAllocating() {
        HneTree tree = evalTree(51);
        Tensor x = TinySpecs.images(tree.spec(), 16, 53);   // 16 rows: every cached level is >= 4096 floats, pooled
        for (int warm = 0; warm < 2; warm++) {
            try (ProgressiveEvaluator p = new ProgressiveEvaluator(tree, x, LeafOrder.NATURAL)) {
                p.advanceTo(1);
            }
        }
        long before = CpuBackend.INSTANCE.poolMisses();
        float[] answer;
        try (ProgressiveEvaluator p = new ProgressiveEvaluator(tree, x, LeafOrder.NATURAL)) {
            answer = p.advanceTo(1).ensemble().toArray();
        }
        assertEquals(before, CpuBackend.INSTANCE.poolMisses(), "arrays allocated afresh by a batch after closed ones");
        ProgressiveEvaluator open = new ProgressiveEvaluator(tree, x, LeafOrder.NATURAL);
        assertArrayEquals(answer, open.advanceTo(1).ensemble().toArray(), 0f, "reused arrays, same answer");
        open.close();
    }

    @Test
    void aClosedRunHoldsNothingKeepsItsOutputsAndCannotAdvance() {
        HneTree tree = evalTree(61);
        Tensor x = TinySpecs.images(tree.spec(), 5, 63);
        ProgressiveEvaluator p = new ProgressiveEvaluator(tree, x, LeafOrder.NATURAL);
        EnsembleOutput out = p.advanceTo(2);
        float[] before = out.ensemble().toArray();
        p.retain(new int[] {0, 3});
        assertTrue(p.cachedFloats() > 0);
        p.close();
        p.close();   // a second close does nothing
        assertEquals(0, p.cachedFloats());
        assertArrayEquals(before, out.ensemble().toArray(), 0f, "an output returned before close");
        assertThrows(IllegalStateException.class, p::next);
        assertEquals(5, x.dim(0));
        x.toArray();   // the caller's input is not the run's to release
    }

    private static HneTree evalTree(long seed) {
        HneTree tree = TreeBuilder.hne(TinySpecs.resnet4(), seed);
        TinySpecs.randomize(tree, seed + 1);
        tree.eval();
        return tree;
    }
}
