package dev.hne.bench.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Mean and sample standard deviation against values worked out by hand. */
class SeedStatsTest {

    @Test
    void threeSeedsHaveTheSampleStandardDeviation() {
        // 0.80, 0.83, 0.86: mean 0.83; squared deviations 0.0009 + 0 + 0.0009 = 0.0018; / (3 - 1) = 0.0009
        SeedStats s = SeedStats.of(0.80, 0.83, 0.86);
        assertEquals(3, s.count());
        assertEquals(0.83, s.mean(), 1e-12);
        assertEquals(0.03, s.std(), 1e-12);   // the population std (/ 3) would be 0.0245
        assertEquals("83.00 ± 3.00", s.format(100, 2));
    }

    @Test
    void twoSeeds() {
        SeedStats s = SeedStats.of(1, 3);   // mean 2, deviations -1 and 1: sqrt(2 / 1)
        assertEquals(2, s.mean(), 0);
        assertEquals(Math.sqrt(2), s.std(), 1e-12);
    }

    @Test
    void oneSeedHasNoSpread() {
        SeedStats s = SeedStats.of(0.5);
        assertEquals(0.5, s.mean(), 0);
        assertTrue(Double.isNaN(s.std()));
        assertEquals("50.0 (1 seed)", s.format(100, 1));
        assertThrows(IllegalArgumentException.class, SeedStats::of);
    }
}
