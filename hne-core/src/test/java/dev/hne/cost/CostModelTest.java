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

    /**
     * B + 1 levels of one identical 3x3 conv each (c -> c, stride 1): every block costs the same C.
     * The pool + linear classifier (a buildable tree needs one) is paid once per leaf; the paper's
     * equations count blocks, so the tests below take it off.
     */
    static TreeSpec equalBlocks(int levels) {
        List<List<LayerSpec>> blocks = new ArrayList<>();
        for (int b = 0; b < levels; b++) blocks.add(List.of(LayerSpec.convBnRelu(3, 1, 8)));
        return new TreeSpec("equal", 8, 6, blocks, List.of(LayerSpec.poolLinear(10)));
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
        long head = 8L * 10;                                    // one leaf's classifier: 8 x 10
        assertEquals(head, hne.classifierCost().macs());
        long tHne = hne.forFirst(n, LeafOrder.NATURAL).macs() - n * head;
        long tInd = ind.forFirst(n, LeafOrder.NATURAL).macs() - n * head;
        assertEquals(((1L << (bigB + 1)) - 1) * c, tHne);       // Eq. 6
        assertEquals((bigB + 1L) * n * c, tInd);                // Eq. 7
        double r = 2.0 / (bigB + 1) - 1.0 / ((bigB + 1) * Math.pow(2, bigB));
        assertEquals(r, (double) tHne / tInd, 1e-12);           // Eq. 8
        // Eq. 5's sub-trees: the first 2^b leaves share one node on each of the top B - b levels,
        // then fan out into a full binary sub-tree of 2^{b+1} - 1 nodes
        for (int b = 0; b <= bigB; b++) {
            long expected = ((1L << (b + 1)) - 1 + (bigB - b)) * c;
            assertEquals(expected, hne.forFirst(1 << b, LeafOrder.NATURAL).macs() - (1L << b) * head);
        }
    }

    // ------------------------------------------------------------ hand counts of the two trees
    // An independent count, written from the paper's Tables 2 and 3 (as DESIGN.md section 4 reads
    // them), not from the layers' own reports (HneTree.branchConvolutions): a k x k convolution with `groups` groups from cin to cout channels
    // at an h x h output costs cin/groups * cout * k * k * h * h MACs, a linear layer in * out.

    private static long conv(int cin, int cout, int k, int h, int groups) {
        return (long) cin / groups * cout * k * k * h * h;
    }

    /** ResNet layer: 1x1 c_in -> c_out/4, depthwise 3x3 (stride), 1x1 -> c_out; Branching adds a 1x1 shortcut. */
    private static long resnetLayer(int cin, int cout, int outRes, int inRes, boolean branching) {
        int mid = cout / 4;
        long macs = conv(cin, mid, 1, inRes, 1) + conv(mid, mid, 3, outRes, mid) + conv(mid, cout, 1, outRes, 1);
        return branching ? macs + conv(cin, cout, 1, outRes, 1) : macs;
    }

    /** Inverted residual, expansion 6: 1x1 c_in -> 6 c_in, depthwise 3x3 (stride), 1x1 -> c_out. */
    private static long mbLayer(int cin, int cout, int outRes, int inRes) {
        int mid = 6 * cin;
        return conv(cin, mid, 1, inRes, 1) + conv(mid, mid, 3, outRes, mid) + conv(mid, cout, 1, outRes, 1);
    }

    @Test
    void resnetHneMatchesAHandCountOfTable2() {
        // Level 0 at 32x32: conv3x3 3->16, conv1x1 16->64.
        long level0 = conv(3, 16, 3, 32, 1) + conv(16, 64, 1, 32, 1);
        // Levels 1-4: a Branching layer (stride 1, 2, 2, 1) then 2, 3, 3, 4 ResNet layers.
        long level1 = resnetLayer(64, 64, 32, 32, true) + 2 * resnetLayer(64, 64, 32, 32, false);
        long level2 = resnetLayer(64, 128, 16, 32, true) + 3 * resnetLayer(128, 128, 16, 16, false);
        long level3 = resnetLayer(128, 256, 8, 16, true) + 3 * resnetLayer(256, 256, 8, 8, false);
        long level4 = resnetLayer(256, 256, 8, 8, true) + 4 * resnetLayer(256, 256, 8, 8, false);
        long classifier = 256 * 10;
        // The first n = 2^b leaves in natural order use 1 node of each level above B - b and then
        // 2, 4, ... nodes (Eq. 5); every leaf has its own classifier.
        long one = level0 + level1 + level2 + level3 + level4 + classifier;
        long eight = level0 + level1 + 2 * level2 + 4 * level3 + 8 * level4 + 8 * classifier;
        long sixteen = level0 + 2 * level1 + 4 * level2 + 8 * level3 + 16 * level4 + 16 * classifier;
        assertEquals(50_797_056L, one, "the hand count itself (DESIGN.md: 50.8M)");
        CostModel m = CostModel.hne(Architectures.resnetHne(Input.CIFAR10));
        assertEquals(one, m.forFirst(1, LeafOrder.NATURAL).macs());
        assertEquals(eight, m.forFirst(8, LeafOrder.NATURAL).macs());
        assertEquals(sixteen, m.forFirst(16, LeafOrder.NATURAL).macs());
    }

    @Test
    void mobilenetHneMatchesAHandCountOfTable3() {
        // Level 0 at 224: conv3x3 stride 2 3->16 (to 112), conv1x1 16->16, inverted residuals
        // 16->24 (stride 2, to 56) and 24->24.
        long level0 = conv(3, 16, 3, 112, 1) + conv(16, 16, 1, 112, 1) + mbLayer(16, 24, 56, 112) + mbLayer(24, 24, 56, 56);
        // Level 1: Branching 24->24 stride 2 (to 28), two 24->24.
        long level1 = mbLayer(24, 24, 28, 56) + 2 * mbLayer(24, 24, 28, 28);
        // Level 2: Branching 24->48 stride 2 (to 14), three 48->48, then 48->72 and two 72->72.
        long level2 = mbLayer(24, 48, 14, 28) + 3 * mbLayer(48, 48, 14, 14) + mbLayer(48, 72, 14, 14)
                + 2 * mbLayer(72, 72, 14, 14);
        // Level 3: Branching 72->120 stride 2 (to 7), two 120->120, conv1x1 120->720, pool, linear 720->1280.
        long level3 = mbLayer(72, 120, 7, 14) + 2 * mbLayer(120, 120, 7, 7) + conv(120, 720, 1, 7, 1) + 720 * 1280;
        long classifier = 1280 * 1000;
        long one = level0 + level1 + level2 + level3 + classifier;
        long eight = level0 + 2 * level1 + 4 * level2 + 8 * level3 + 8 * classifier;
        assertEquals(179.1, one / 1e6, 0.05, "the hand count itself (DESIGN.md: about 179M)");
        assertEquals(602.3, eight / 1e6, 0.05, "the hand count itself (DESIGN.md: about 602M)");
        CostModel m = CostModel.hne(Architectures.mobilenetHne(Input.IMAGENET));
        assertEquals(one, m.forFirst(1, LeafOrder.NATURAL).macs());
        assertEquals(eight, m.forFirst(8, LeafOrder.NATURAL).macs());
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
