package dev.hne.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.hne.engine.Tensor;
import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.Storage;
import dev.hne.engine.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

/**
 * The order in which gather_groups' backward adds a group's copies (GroupSums), pinned with values
 * where float addition is not associative: near 1e8 floats are 8 apart, so 1e8 + 1 = 1e8, and each
 * case gives one float in the documented order and another in the left-to-right order.
 */
class GatherGroupsOrderTest {

    private static final float BIG = 1e8f;

    /** dx of one group of one float whose k copies received the gradients dy. */
    private static float backwardOfCopies(float... dy) {
        Backend cpu = CpuBackend.INSTANCE;
        Storage out = cpu.allocate(1, true);
        cpu.gatherGroupsBackward(cpu.upload(dy), 1, 1, 1, 1, new int[dy.length], out);
        return cpu.download(out)[0];
    }

    @Test
    void fourCopiesAddAsTwoDoublings() {
        // two doublings' backward added (d0 + d1) + (d2 + d3) = (BIG + 1) + (-BIG + 1) = BIG - BIG = 0;
        // left to right: ((BIG + 1) - BIG) + 1 = 1
        float balanced = (BIG + 1f) + (-BIG + 1f);
        float leftToRight = ((BIG + 1f) + -BIG) + 1f;
        assertArrayEquals(new float[] {0f, 1f}, new float[] {balanced, leftToRight}, "the premise: the orders differ");
        assertArrayEquals(new float[] {balanced}, new float[] {backwardOfCopies(BIG, 1f, -BIG, 1f)});
    }

    @Test
    void threeCopiesAddThePairFirst() {
        // GroupSums: the first two, then the third: (BIG + -BIG) + 1 = 1; the other grouping BIG + (-BIG + 1) = 0.
        assertArrayEquals(new float[] {1f}, new float[] {backwardOfCopies(BIG, -BIG, 1f)});
    }

    @Test
    void sevenCopiesAddFourThenTwoThenOne() {
        // B4 + (B2 + d6) with B4 = (BIG + 1) + (1 + 1) = BIG + 2 = 100000002 -> 1e8 in float (spacing 8),
        // B2 = -BIG + 1 -> -BIG, d6 = 1: B4 + (-BIG + 1) = BIG - BIG = 0.
        // Left to right would end ... + -BIG + 1 = 1.
        assertArrayEquals(new float[] {0f}, new float[] {backwardOfCopies(BIG, 1f, 1f, 1f, -BIG, 0f, 1f)});
    }

    @Test
    void theHneSplitAndAPartialGatherCopyTheNamedGroups() {
        // x: 1 image, 3 groups of 2 channels of 1 pixel: group g holds (10g, 10g + 1)
        Tensor x = Tensor.of(new float[] {0, 1, 10, 11, 20, 21}, 1, 6, 1, 1);
        assertArrayEquals(new float[] {0, 1, 0, 1, 10, 11, 10, 11, 20, 21, 20, 21},
                GatherGroups.apply(x, 3, 0, 0, 1, 1, 2, 2).toArray());
        assertArrayEquals(new float[] {20, 21, 0, 1, 20, 21}, GatherGroups.apply(x, 3, 2, 0, 2).toArray());
    }
}
