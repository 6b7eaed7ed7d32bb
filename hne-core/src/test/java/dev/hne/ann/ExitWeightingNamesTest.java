package dev.hne.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hne.engine.dist.SingleProcess;
import org.junit.jupiter.api.Test;

/**
 * The names a weighting gives the CLI, checkpoints and reports (docs/ann.md: --ann-weights adaloss,
 * constant or oscillating), and the distributed wrapper handing names and state through to the
 * weighting it wraps. Written from mutation survivors without coverage: empty names, a null base,
 * an empty toString, and RankAveragedLosses dropping loadState.
 */
class ExitWeightingNamesTest {

    @Test
    void eachWeightingHasItsDocumentedNames() {
        assertEquals("constant", ConstantWeights.ones(3).cliName());
        assertEquals("constant weights", ConstantWeights.ones(3).label());
        OscillatingWeights osc = OscillatingWeights.seeded(4, 1);
        assertEquals("oscillating", osc.cliName());
        assertEquals("oscillating (SIEVE)", osc.label());
        assertArrayEquals(OscillatingWeights.sieve(4), osc.base(), 0.0);
        assertEquals("OscillatingWeights" + java.util.Arrays.toString(OscillatingWeights.sieve(4)) + " after 0 steps",
                osc.toString());
    }

    @Test
    void theRankAveragingWrapperPassesNamesAndStateThrough() {
        OscillatingWeights trained = OscillatingWeights.seeded(4, 1);
        trained.next(new double[] {1, 1, 1, 1});
        trained.next(new double[] {1, 1, 1, 1});
        OscillatingWeights restored = OscillatingWeights.seeded(4, 1);
        RankAveragedLosses wrapper = new RankAveragedLosses(restored, new SingleProcess());
        assertEquals("oscillating", wrapper.cliName());
        assertEquals("oscillating (SIEVE)", wrapper.label());
        wrapper.loadState(trained.state());
        assertEquals(2, restored.steps());          // the wrapped weighting got the state
        assertEquals(trained.state(), wrapper.state());
    }
}
