package dev.hne.anytime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.cascade.FirstStages;
import dev.hne.cost.CostModel;
import dev.hne.engine.Tensor;
import dev.hne.engine.ops.Rows;
import dev.hne.tree.HneTree;
import dev.hne.tree.TinySpecs;
import dev.hne.tree.Topology;
import dev.hne.tree.TreeBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HNE as a staged model: a batch that shrinks between stages gives, for the rows it keeps,
 * the same outputs as the full batch, and each stage's cost is the union of the first s members'
 * paths, counted here node by node from the cost model's per-node costs.
 */
class HneStagedModelTest {

    static HneTree tree;   // tiny ResNet, N = 8
    static Tensor x;       // 6 images

    @BeforeAll
    static void build() {
        tree = TreeBuilder.hne(TinySpecs.resnet4(), 21);
        TinySpecs.randomize(tree, 22);
        tree.eval();
        x = TinySpecs.images(tree.spec(), 6, 23);
    }

    @ParameterizedTest
    @EnumSource(LeafOrder.class)
    void shrinkingTheBatchKeepsTheKeptRowsOutputs(LeafOrder order) {
        HneStagedModel model = new HneStagedModel(tree, order);
        StagedRun full = model.start(x);
        List<StagedRun.StageOutput> reference = new ArrayList<>();
        for (int s = 1; s <= model.stages(); s++) reference.add(full.advance());

        StagedRun run = model.start(x);
        int[] original = {0, 1, 2, 3, 4, 5};   // original row of each current row
        for (int s = 1; s <= model.stages(); s++) {
            if (s == 3) {
                run.retain(new int[] {0, 2, 5});
                original = new int[] {0, 2, 5};
            } else if (s == 6) {
                run.retain(new int[] {1});
                original = new int[] {2};
            }
            assertEquals(original.length, run.rows());
            StagedRun.StageOutput out = run.advance();
            assertEquals(s, run.completed());
            assertArrayEquals(new int[] {original.length, tree.classes()}, out.prediction().shape());
            StagedRun.StageOutput want = reference.get(s - 1);
            assertTrue(TinySpecs.diff(out.prediction(), Rows.gather(want.prediction(), original)) < 1e-6,
                    "ensemble of " + s + " members, rows " + Arrays.toString(original));
            assertTrue(TinySpecs.diff(out.latest(), Rows.gather(want.latest(), original)) < 1e-6,
                    "member " + s + " alone, rows " + Arrays.toString(original));
        }
    }

    @ParameterizedTest
    @EnumSource(LeafOrder.class)
    void laterStagesComputeOnlyTheKeptRows(LeafOrder order) {
        HneStagedModel model = new HneStagedModel(tree, order);
        StagedRun run = model.start(x);
        run.advance();
        run.retain(new int[] {3});
        StagedRun.StageOutput out = run.advance();
        assertEquals(1, out.prediction().dim(0));
        assertEquals(1, out.latest().dim(0));
        assertThrows(IllegalArgumentException.class, () -> run.retain(new int[] {1}), "only row 0 is left");
    }

    @ParameterizedTest
    @EnumSource(LeafOrder.class)
    void stageCostIsTheUnionOfTheMembersPaths(LeafOrder order) {
        HneStagedModel model = new HneStagedModel(tree, order);
        CostModel costs = CostModel.hne(tree.spec());
        Topology t = tree.topology();
        int[] leaves = order.all(tree.leaves());
        for (int s = 1; s <= model.stages(); s++) {
            long macs = 0;
            for (int b = 0; b < t.levels(); b++) {
                int level = b;
                long nodes = Arrays.stream(leaves, 0, s).map(j -> t.ancestor(j, level)).distinct().count();
                macs += nodes * costs.nodeCost(b).macs();
            }
            assertEquals(macs / 1e6, model.cumulativeMMacs(s), 1e-12, "stage " + s);
        }
        assertEquals(costs.forFirst(tree.leaves(), order).mmacs(), model.cumulativeMMacs(model.stages()), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(LeafOrder.class)
    void stageSAddsTheLeafAtPositionSOfTheOrderAndAFirstStagesCutKeepsThat(LeafOrder order) {
        HneStagedModel model = new HneStagedModel(tree, order);
        StagedModel cut = new FirstStages(model, 3);
        int[] leaves = order.all(tree.leaves());
        for (int s = 1; s <= model.stages(); s++) assertEquals(leaves[s - 1], model.member(s), "stage " + s);
        for (int s = 1; s <= 3; s++) assertEquals(leaves[s - 1], cut.member(s), "cut, stage " + s);
        assertTrue(model.isEnsemble() && cut.isEnsemble(), "an HNE's prediction is the mean of its members");
        assertThrows(IllegalArgumentException.class, () -> model.member(0));
        assertThrows(IllegalArgumentException.class, () -> model.member(model.stages() + 1));
    }

    @Test
    void keepsTheTreeAndOrderItWasBuiltFrom() {
        HneStagedModel m = new HneStagedModel(tree, LeafOrder.DIVERSE_FIRST);
        assertSame(tree, m.tree());
        assertSame(LeafOrder.DIVERSE_FIRST, m.order());
    }
}
