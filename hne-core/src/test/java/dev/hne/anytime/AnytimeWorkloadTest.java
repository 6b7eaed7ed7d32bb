package dev.hne.anytime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.cost.CostModel;
import org.junit.jupiter.api.Test;

/** The workload's cost per n is the cost model's natural-order curve, and an n out of range is named. */
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
}
