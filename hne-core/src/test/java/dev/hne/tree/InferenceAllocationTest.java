package dev.hne.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.anytime.Anytime;
import dev.hne.anytime.LeafOrder;
import dev.hne.anytime.ProgressiveEvaluator;
import dev.hne.engine.Memory;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.backend.cpu.CpuBackend;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Memory scopes make inference allocation-free once warm: an anytime evaluation of all n leaves of
 * a resnet-hne-small tree (plain for every n, and progressive one leaf at a time), repeated, takes
 * every array of a poolable size from the backend's pool, because every scope inside the tree
 * released its intermediates and the caller's scope the outputs. Counted on a backend of its own
 * ({@link CpuBackend#poolMisses}), so no other test's allocations mix in. The repeated results
 * equal the first ones bit for bit: reused (unzeroed) memory changes nothing.
 */
class InferenceAllocationTest {

    @Test
    void aWarmAnytimeEvaluationOfAllLeavesAllocatesNoFreshArray() {
        CpuBackend be = CpuBackend.withThreads(1);
        HneTree tree = evalTreeWithStatistics(be, 5);
        Tensor x = TinySpecs.images(tree.spec(), 2, 3).to(be);

        float[][] first = evaluateAll(tree, x);
        long warm = be.poolMisses();
        assertTrue(warm > 0, "the first pass must have taken fresh arrays, or the counter counts nothing");
        float[][] again = evaluateAll(tree, x);
        assertEquals(warm, be.poolMisses(), "fresh arrays after warm-up");
        for (int i = 0; i < first.length; i++) assertArrayEquals(first[i], again[i], "result " + i);
    }

    @Test
    void theTreeReleasesItsOwnIntermediatesWithoutACallerScope() {
        // only the logits (too small for the pool) leave the tree, so its own scopes must free the rest
        CpuBackend be = CpuBackend.withThreads(1);
        HneTree tree = TreeBuilder.hne(Architectures.byName("resnet-hne-small", Architectures.Input.CIFAR10), 1);
        tree.to(be);
        tree.eval();
        Tensor x = TinySpecs.images(tree.spec(), 2, 3).to(be);
        try (var noGrad = Autograd.noGrad()) {
            Anytime.evaluate(tree, x, tree.leaves(), LeafOrder.NATURAL);
            long warm = be.poolMisses();
            Anytime.evaluate(tree, x, tree.leaves(), LeafOrder.NATURAL);
            assertEquals(warm, be.poolMisses(), "fresh arrays after warm-up");
        }
    }

    /**
     * A row cut is scratch memory too: a batch that shrinks to 5 rows reuses the arrays a cut to 6
     * rows left behind (a somewhat larger free array), instead of taking a fresh array for every
     * row count an adaptive evaluation happens to keep. And the cut rows are still the right ones.
     */
    @Test
    void aCutToFewerRowsReusesTheArraysOfALargerCut() {
        CpuBackend be = CpuBackend.withThreads(1);
        HneTree tree = evalTreeWithStatistics(be, 7);
        Tensor x = TinySpecs.images(tree.spec(), 8, 9).to(be);
        try (var noGrad = Autograd.noGrad()) {
            float[] full;
            try (ProgressiveEvaluator reference = new ProgressiveEvaluator(tree, x, LeafOrder.NATURAL)) {
                full = reference.advanceTo(2).ensemble().toArray();
            }
            cutAndAdvance(tree, x, new int[] {0, 1, 2, 4, 6, 7});
            long warm = be.poolMisses();
            int[] five = {1, 2, 4, 6, 7};
            float[] cut = cutAndAdvance(tree, x, five);
            assertEquals(warm, be.poolMisses(), "fresh arrays for the cut to 5 rows");
            int k = tree.classes();
            for (int i = 0; i < five.length; i++) {
                assertArrayEquals(Arrays.copyOfRange(full, five[i] * k, five[i] * k + k),
                        Arrays.copyOfRange(cut, i * k, i * k + k), 1e-5f, "row " + five[i]);
            }
        }
    }

    /** Member 1 for every row, a cut to {@code keep}, member 2 for those rows (which reads the cut level): the ensemble. */
    private static float[] cutAndAdvance(HneTree tree, Tensor x, int[] keep) {
        try (ProgressiveEvaluator p = new ProgressiveEvaluator(tree, x, LeafOrder.NATURAL)) {
            p.advanceTo(1);
            p.retain(keep);
            return p.advanceTo(2).ensemble().toArray();
        }
    }

    /** resnet-hne-small on {@code be}, in eval mode, with random batch-norm statistics. */
    private static HneTree evalTreeWithStatistics(CpuBackend be, long seed) {
        HneTree tree = TreeBuilder.hne(Architectures.byName("resnet-hne-small", Architectures.Input.CIFAR10), 1);
        TinySpecs.randomize(tree, seed, name -> name.contains("bn."));
        tree.to(be);
        tree.eval();
        return tree;
    }

    /** Every n of the plain evaluation, then the progressive one to n = N; the ensembles, as host arrays. */
    private static float[][] evaluateAll(HneTree tree, Tensor x) {
        int leaves = tree.leaves();
        float[][] out = new float[2 * leaves][];
        try (var noGrad = Autograd.noGrad(); var scope = Memory.scope()) {
            for (int n = 1; n <= leaves; n++) {
                out[n - 1] = Anytime.evaluate(tree, x, n, LeafOrder.NATURAL).ensemble().toArray();
            }
            ProgressiveEvaluator progressive = new ProgressiveEvaluator(tree, x, LeafOrder.NATURAL);
            for (int n = 1; n <= leaves; n++) out[leaves + n - 1] = progressive.next().ensemble().toArray();
        }
        return out;
    }
}
