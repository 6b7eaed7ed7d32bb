package dev.hne.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PairedRounds on a simulated machine: engine A costs twice what B costs, and the machine slows
 * down by 5% with every block. Alternating the order each round makes the drift cancel in the
 * median; a fixed order (A always first) would read 1.90 instead of 2.
 */
class PairedRoundsTest {

    /** Blocks timed on a machine that gets slower with every block it runs. */
    private static final class DriftingMachine {
        final List<String> order = new ArrayList<>();
        double speed = 1;

        PairedRounds.Block engine(String name, double cost) {
            return () -> {
                order.add(name);
                double t = cost * speed;
                speed *= 1.05;
                return t;
            };
        }
    }

    @Test
    void alternatesTheOrderEveryRound() throws Exception {
        DriftingMachine m = new DriftingMachine();
        PairedRounds.run(m.engine("A", 2), m.engine("B", 1), 4);
        assertEquals(List.of("A", "B", "B", "A", "A", "B", "B", "A"), m.order);
    }

    @Test
    void theMedianRatioCancelsASteadyDrift() throws Exception {
        DriftingMachine m = new DriftingMachine();
        PairedRounds.Round[] rounds = PairedRounds.run(m.engine("A", 2), m.engine("B", 1), 12);
        // even rounds read 2 / 1.05, odd ones 2 * 1.05: their median is 2.0024
        assertEquals(2.0, PairedRounds.medianRatio(rounds, 2), 0.005);
        assertEquals(2 / 1.05, rounds[4].ratio(), 1e-12);
        assertEquals(2 * 1.05, rounds[5].ratio(), 1e-12);
    }

    @Test
    void theMedianIgnoresABurstAndTheWarmUpRounds() {
        PairedRounds.Round[] rounds = {new PairedRounds.Round(50, 1), new PairedRounds.Round(9, 1),
                new PairedRounds.Round(4, 1), new PairedRounds.Round(3, 1), new PairedRounds.Round(3, 3)};
        assertEquals(3.0, PairedRounds.medianRatio(rounds, 2));   // 4, 3 and a burst on B, 1
        assertEquals(3.5, PairedRounds.medianRatio(rounds, 1));   // 9, 4, 3, 1: the mean of the middle two
        assertThrows(IllegalArgumentException.class, () -> PairedRounds.medianRatio(rounds, 5));
    }
}
