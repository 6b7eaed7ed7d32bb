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
        HneTree tree = evalTree(31);
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

    /**
     * Cuts at several stages compose: after the batch shrinks three times (rows picked from rows
     * already picked), every stage's ensemble and every member's logits are the full batch's rows
     * they started as. In both leaf orders (the diverse one appends nodes out of order).
     */
    @Test
    void repeatedCutsComposeInEitherOrder() {
        HneTree tree = evalTree(41);
        Tensor x = TinySpecs.images(tree.spec(), 7, 43);
        for (LeafOrder order : new LeafOrder[] {LeafOrder.NATURAL, LeafOrder.DIVERSE_FIRST}) {
            ProgressiveEvaluator reference = new ProgressiveEvaluator(tree, x, order);
            ProgressiveEvaluator p = new ProgressiveEvaluator(tree, x, order);
            int[][] cuts = {null, {0, 2, 3, 5, 6}, null, {1, 2, 4}, {0, 2}, null, null, null};   // after stage s + 1
            int[] all = {0, 1, 2, 3, 4, 5, 6};
            int[][] original = {all, all, {0, 2, 3, 5, 6}, {0, 2, 3, 5, 6}, {2, 3, 6}, {2, 6}, {2, 6}, {2, 6}};   // the full batch's rows p holds during stage s + 1, by hand
            for (int s = 0; s < tree.leaves(); s++) {
                EnsembleOutput full = reference.next(), cut = p.next();
                int[] rows = original[s];
                assertEquals(rows.length, p.rows(), order + " stage " + (s + 1));
                assertArrayEquals(Rows.gather(full.ensemble(), rows).toArray(), cut.ensemble().toArray(), 1e-5f,
                        order + " ensemble, stage " + (s + 1));
                for (int m = 0; m <= s; m++) {
                    assertArrayEquals(Rows.gather(full.leafLogits().get(m), rows).toArray(),
                            cut.leafLogits().get(m).toArray(), 1e-5f, order + " member " + m + ", stage " + (s + 1));
                }
                if (cuts[s] != null) p.retain(cuts[s]);
            }
        }
    }

    /**
     * What the cache holds, counted by hand for tiny-resnet (3x8x8 input; level 0: 1 node of 8
     * channels at 8x8 = 512 floats per row; level 1: 8 channels at 8x8 = 512 per node; level 2: 16
     * at 4x4 = 256 per node, 4 nodes; natural order: leaf k needs level-2 node k / 2 and level-1
     * node k / 4). Each step's nodes are a chunk of their own; a chunk is cut only when a step reads
     * it, and dropped once both children of its node are computed (level-2 node k after leaf
     * 2k + 1, level-1 node k after level-2 node 2k + 1, level 0 at stage 5).
     */
    @Test
    void theCacheCutsOnlyTheChunkReadAndDropsChunksNothingReads() {
        HneTree tree = evalTree(51);
        ProgressiveEvaluator p = new ProgressiveEvaluator(tree, TinySpecs.images(tree.spec(), 5, 53), LeafOrder.NATURAL);
        p.advanceTo(1);
        assertEquals(5 * (512 + 512 + 256), p.cachedFloats(), "stage 1: a node per level");
        p.advanceTo(2);
        assertEquals(5 * (512 + 512), p.cachedFloats(), "stage 2: leaves 0 and 1 done, level-2 node 0 dropped");
        p.advanceTo(3);
        assertEquals(5 * (512 + 256), p.cachedFloats(), "stage 3: level-2 node 1 added, level-1 node 0 (both children computed) dropped");
        p.advanceTo(5);
        assertEquals(5 * (512 + 256), p.cachedFloats(), "stage 5: level-1 node 1 and level-2 node 2; level 0 dropped");
        p.retain(new int[] {1, 3});
        assertEquals(5 * (512 + 256), p.cachedFloats(), "a cut copies nothing until a chunk is read");
        p.advanceTo(6);   // leaf 5 reads only level-2 node 2, which is cut, then dropped
        assertEquals(5 * 512, p.cachedFloats(), "stage 6: level-1 node 1 still uncut");
        p.advanceTo(7);   // level-2 node 3 reads level-1 node 1, which is cut, then dropped
        assertEquals(2 * 256, p.cachedFloats(), "stage 7: only level-2 node 3, for the kept rows");
        p.advanceTo(8);
        assertEquals(0, p.cachedFloats(), "stage 8: every node's children computed");
    }

    /**
     * Members added several at a time in the diverse order need parents held by different chunks:
     * the pass reads them joined (and put in node order), with every row cut applied first. The
     * reference is the full batch, evaluated one member at a time, with its rows picked afterwards.
     */
    @Test
    void parentsSpreadOverChunksAreJoinedInNodeOrder() {
        HneTree tree = evalTree(61);
        Tensor x = TinySpecs.images(tree.spec(), 6, 63);
        ProgressiveEvaluator reference = new ProgressiveEvaluator(tree, x, LeafOrder.DIVERSE_FIRST);
        reference.advanceTo(8);
        EnsembleOutput full = reference.current();
        int[] keep = {0, 2, 5};
        ProgressiveEvaluator p = new ProgressiveEvaluator(tree, x, LeafOrder.DIVERSE_FIRST);
        p.advanceTo(2);
        p.advanceTo(3);
        p.retain(keep);
        EnsembleOutput cut = p.advanceTo(8);
        assertArrayEquals(Rows.gather(full.ensemble(), keep).toArray(), cut.ensemble().toArray(), 1e-5f, "ensemble");
        for (int m = 0; m < 8; m++) {
            assertArrayEquals(Rows.gather(full.leafLogits().get(m), keep).toArray(), cut.leafLogits().get(m).toArray(),
                    1e-5f, "member " + m);
        }
        assertEquals(0, p.cachedFloats(), "every chunk dropped once the tree is complete");
    }

    /** tiny-resnet with random weights and statistics, in eval mode. */
    private static HneTree evalTree(long seed) {
        HneTree tree = TreeBuilder.hne(TinySpecs.resnet4(), seed);
        TinySpecs.randomize(tree, seed + 1);
        tree.eval();
        return tree;
    }
}
