package dev.hne.anytime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.cost.CostModel;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The workload's cost per n is the cost model's natural-order curve, an n out of range is named, and
 * it runs its seeded batch at the resolution asked for.
 */
class AnytimeWorkloadTest {

    @Test
    void mmacsPerNIsTheNaturalAnytimeCurveAndOutOfRangeNIsAClearError() {
        AnytimeWorkload w = AnytimeWorkload.create("resnet-hne-small", 1, 8, "cpu", 1);
        double[] curve = CostModel.of(w.tree()).anytimeCurve(LeafOrder.NATURAL);
        int leaves = w.leaves();
        assertEquals(curve.length, leaves);
        assertEquals(curve[0], w.mmacs(1), 0);
        assertEquals(curve[leaves - 1], w.mmacs(leaves), 0);
        for (int n : new int[] {0, leaves + 1}) {
            var e = assertThrows(IllegalArgumentException.class, () -> w.mmacs(n));
            assertTrue(e.getMessage().contains("n = " + n) && e.getMessage().contains("1.." + leaves), e.getMessage());
        }
    }

    @Test
    void runsItsSeededBatchAtTheResolutionAskedAndGivesTheEnsembleOfTheFirstNMembers() {
        AnytimeWorkload w = AnytimeWorkload.create("resnet-hne-small", 2, 8, "cpu", 5);
        assertEquals(8, w.tree().spec().resolution(), "the resolution asked for, not CIFAR-10's default 32");
        Tensor logits = w.run(2);
        assertArrayEquals(new int[] {2, 10}, logits.shape(), "batch 2, 10 classes");
        // its documented input: standard normal images drawn from Random(seed + 1), CIFAR-10's 3 channels at 8x8
        Tensor x = Tensor.randn(new Random(5 + 1), 1f, 2, 3, 8, 8);
        float[] expected;
        try (var noGrad = Autograd.noGrad()) {
            expected = Anytime.evaluate(w.tree(), x, 2, LeafOrder.NATURAL).ensemble().toArray();
        }
        assertArrayEquals(expected, logits.toArray(), 0f);
    }
}
