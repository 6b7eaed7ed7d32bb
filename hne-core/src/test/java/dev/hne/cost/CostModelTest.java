package dev.hne.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.anytime.LeafOrder;
import dev.hne.tree.Architectures;
import dev.hne.tree.Architectures.Input;
import dev.hne.tree.LayerSpec;
import dev.hne.tree.TinySpecs;
import dev.hne.tree.Topology;
import dev.hne.tree.TreeBuilder;
import dev.hne.tree.TreeSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CostModelTest {

    /** B + 1 levels of one identical 3x3 conv each (c -> c, stride 1): every block costs the same C. */
    static TreeSpec equalBlocks(int levels) {
        List<List<LayerSpec>> blocks = new ArrayList<>();
        for (int b = 0; b < levels; b++) blocks.add(List.of(LayerSpec.convBnRelu(3, 1, 8)));
        return new TreeSpec("equal", 8, 6, blocks, List.of());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void paperEquations6To8HoldForEqualCostBlocks(int bigB) {
        TreeSpec spec = equalBlocks(bigB + 1);
        int n = 1 << bigB;
        CostModel hne = new CostModel(spec, Topology.hne(bigB + 1));
        CostModel ind = new CostModel(spec, Topology.independent(bigB + 1, n));
        long c = hne.blockCost(0).macs();
        assertEquals(8L * 8 * 9 * 36, c);                       // 8 out x 8 in x 3x3 x 6x6 positions
        for (int b = 0; b <= bigB; b++) assertEquals(c, hne.blockCost(b).macs());
        long tHne = hne.forFirst(n, LeafOrder.NATURAL).macs();
        long tInd = ind.forFirst(n, LeafOrder.NATURAL).macs();
        assertEquals(((1L << (bigB + 1)) - 1) * c, tHne);       // Eq. 6
        assertEquals((bigB + 1L) * n * c, tInd);                // Eq. 7
        double r = 2.0 / (bigB + 1) - 1.0 / ((bigB + 1) * Math.pow(2, bigB));
        assertEquals(r, (double) tHne / tInd, 1e-12);           // Eq. 8
        // Eq. 5's sub-trees: the first 2^b leaves share one node on each of the top B - b levels,
        // then fan out into a full binary sub-tree of 2^{b+1} - 1 nodes
        for (int b = 0; b <= bigB; b++) {
            long expected = ((1L << (b + 1)) - 1 + (bigB - b)) * c;
            assertEquals(expected, hne.forFirst(1 << b, LeafOrder.NATURAL).macs());
        }
    }

    @Test
    void resnetHneMatchesDesignNumbers() {
        CostModel m = CostModel.hne(Architectures.resnetHne(Input.CIFAR10));
        assertEquals(50_797_056L, m.forFirst(1, LeafOrder.NATURAL).macs());     // DESIGN.md: 50.8M
        assertEquals(201_740_288L, m.forFirst(8, LeafOrder.NATURAL).macs());    // DESIGN.md: 201.7M
        assertEquals(401_989_632L, m.forFirst(16, LeafOrder.NATURAL).macs());
    }

    @Test
    void mobilenetHneMatchesDesignNumbers() {
        CostModel m = CostModel.hne(Architectures.mobilenetHne(Input.IMAGENET));
        assertEquals(179.1, m.forFirst(1, LeafOrder.NATURAL).mmacs(), 0.05);     // DESIGN.md: about 179M
        assertEquals(602.3, m.forFirst(8, LeafOrder.NATURAL).mmacs(), 0.05);     // DESIGN.md: about 602M
    }

    @Test
    void smallHalvesTheChannelsSoRoughlyQuartersTheMacs() {
        double full = CostModel.hne(Architectures.resnetHne(Input.CIFAR10)).singleModel().mmacs();
        double small = CostModel.hne(Architectures.resnetHneSmall(Input.CIFAR10)).singleModel().mmacs();
        assertTrue(small > full / 4.5 && small < full / 3.5, small + " vs " + full);
    }

    @Test
    void costGrowsWithNInBothOrdersAndDiverseFirstNeverCostsLess() {
        for (String name : Architectures.NAMES) {
            CostModel m = CostModel.hne(Architectures.byName(name, Architectures.defaultInput(name)));
            List<CostRow> nat = m.table(LeafOrder.NATURAL), div = m.table(LeafOrder.DIVERSE_FIRST);
            for (int i = 1; i < nat.size(); i++) {
                assertTrue(nat.get(i).cost().macs() > nat.get(i - 1).cost().macs(), name);
                assertTrue(div.get(i).cost().macs() > div.get(i - 1).cost().macs(), name);
                assertTrue(nat.get(i).cost().params() > nat.get(i - 1).cost().params(), name);
                assertTrue(div.get(i).cost().macs() >= nat.get(i).cost().macs(), name);
            }
            assertEquals(nat.get(nat.size() - 1), div.get(div.size() - 1));
            assertEquals(nat.get(0), div.get(0));
        }
    }

    @Test
    void parameterCountsMatchTheBuiltModules() {
        for (TreeSpec spec : List.of(TinySpecs.resnet4(), TinySpecs.mobile3(),
                Architectures.resnetHneSmall(Input.FASHION_MNIST))) {
            Topology hne = Topology.hne(spec.levels());
            CostModel m = new CostModel(spec, hne);
            assertEquals(TreeBuilder.build(spec, hne, 0).parameterCount(), m.forFirst(hne.leaves(), LeafOrder.NATURAL).params(),
                    spec.name());
            assertEquals(TreeBuilder.build(spec, Topology.single(spec.levels()), 0).parameterCount(), m.singleModel().params(),
                    spec.name());
            Topology multi = Topology.multiBranch(spec.levels(), 4, 1);
            assertEquals(TreeBuilder.build(spec, multi, 0).parameterCount(),
                    new CostModel(spec, multi).forFirst(4, LeafOrder.NATURAL).params(), spec.name());
        }
    }

    @Test
    void fashionMnistVariantRuns28x28() {
        CostModel m = CostModel.hne(Architectures.resnetHne(Input.FASHION_MNIST));
        // one input channel instead of three and 28x28 instead of 32x32: about (28/32)^2 of the work
        double ratio = m.singleModel().mmacs() / CostModel.hne(Architectures.resnetHne(Input.CIFAR10)).singleModel().mmacs();
        assertTrue(ratio > 0.7 && ratio < 0.8, "ratio " + ratio);
    }
}
