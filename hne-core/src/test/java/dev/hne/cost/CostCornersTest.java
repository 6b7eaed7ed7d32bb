package dev.hne.cost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.anytime.LeafOrder;
import dev.hne.tree.HneTree;
import dev.hne.tree.LayerSpec;
import dev.hne.tree.TinySpecs;
import dev.hne.tree.Topology;
import dev.hne.tree.TreeBuilder;
import dev.hne.tree.TreeSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cost model corners counted by hand (issue 19: PIT survivors): classifier, strides, units, checks. */
class CostCornersTest {

    /** Two levels: 3x3 conv 8 -> 8, stride 2 at 6x6 (out 3x3); 3x3 conv 8 -> 8 at 3x3; pool + linear 8 -> 10 (pool not counted). */
    private static TreeSpec twoLevels() {
        return new TreeSpec("two", 8, 6,
                List.of(List.of(LayerSpec.convBnRelu(3, 2, 8)), List.of(LayerSpec.convBnRelu(3, 1, 8))),
                List.of(LayerSpec.poolLinear(10)));
    }

    @Test
    void blocksFollowTheShrinkingResolutionAndTheLeafPaysTheClassifier() {
        CostModel m = CostModel.hne(twoLevels());
        long conv = 8L * 8 * 9;                                   // MACs per output position
        long convParams = 8L * 8 * 9 + 2 * 8;                     // weights + batch-norm scale and shift
        assertEquals(new Cost(conv * 9, convParams), m.blockCost(0));   // 3x3 outputs after stride 2
        assertEquals(new Cost(conv * 9, convParams), m.blockCost(1));
        assertEquals(new Cost(8 * 10, 8 * 10 + 10), m.classifierCost());
        assertEquals(m.blockCost(0), m.nodeCost(0));
        assertEquals(new Cost(conv * 9 + 80, convParams + 90), m.nodeCost(1));
        // HNE with 2 levels: one root, two leaves, each with its classifier
        assertEquals(new Cost(3 * conv * 9 + 2 * 80, 3 * convParams + 2 * 90),
                m.forFirst(2, LeafOrder.NATURAL));
        assertEquals(new Cost(2 * conv * 9 + 80, 2 * convParams + 90), m.singleModel());
    }

    @Test
    void theAnytimeCurveIsTheHandCountOfTheFirstNLeavesInMMacs() {
        long conv = 8L * 8 * 9 * 9;   // one block: 8 -> 8 channels, 3x3 kernel, 3x3 outputs
        double[] curve = CostModel.hne(twoLevels()).anytimeCurve(LeafOrder.NATURAL);
        // n = 1: root + one leaf block + one classifier; n = 2: the second leaf block and classifier too
        assertArrayEquals(new double[] {(2 * conv + 80) / 1e6, (3 * conv + 160) / 1e6}, curve, 1e-12);
    }

    @Test
    void tableHasOneRowPerModelCount() {
        CostModel m = CostModel.hne(twoLevels());
        List<CostRow> rows = m.table(LeafOrder.NATURAL);
        assertEquals(2, rows.size());
        assertEquals(1, rows.get(0).models());
        assertEquals(2, rows.get(1).models());
        assertEquals(m.singleModel(), rows.get(0).cost());
        assertEquals(Topology.hne(2).leaves(), m.topology().leaves());
        assertEquals("two", m.spec().name());
    }

    @Test
    void costArithmeticAndUnits() {
        assertEquals(new Cost(5, 7), new Cost(2, 3).plus(new Cost(3, 4)));
        assertEquals(new Cost(6, 9), new Cost(2, 3).times(3));
        assertEquals(2.5, new Cost(2_500_000, 0).mmacs(), 0.0);
    }

    @Test
    void specAndTopologyMustHaveTheSameLevels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CostModel(twoLevels(), Topology.hne(3)));
        assertTrue(e.getMessage().contains("two") && e.getMessage().contains("2 levels"), e.getMessage());
    }
    @Test
    void aBuiltTreeCostsWhatItsSpecAndTopologyCost() {
        HneTree tree = TreeBuilder.build(TinySpecs.resnet4(), Topology.independent(4, 2), 0);
        CostModel m = CostModel.of(tree);
        assertEquals(Topology.independent(4, 2), m.topology());
        assertEquals(new CostModel(TinySpecs.resnet4(), Topology.independent(4, 2)).forFirst(2, LeafOrder.NATURAL),
                m.forFirst(2, LeafOrder.NATURAL));
    }
}
