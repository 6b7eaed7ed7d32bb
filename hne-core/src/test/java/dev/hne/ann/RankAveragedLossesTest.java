package dev.hne.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hne.engine.dist.Communicator;
import org.junit.jupiter.api.Test;

/** The exit weighting of one rank sees the job's mean exit losses (no MPI: the other ranks are simulated). */
class RankAveragedLossesTest {

    /** Rank 0 of 3 ranks whose other two had exit losses {2, 4} and {6, 1}: a sum adds them. */
    private static final class ThreeRanks implements Communicator {
        public int rank() { return 0; }
        public int size() { return 3; }
        public void allreduceSum(float[] d, int off, int n) { throw new UnsupportedOperationException(); }
        public void allreduceSum(double[] d) {
            d[0] += 2 + 6;
            d[1] += 4 + 1;
        }
        public void broadcast(float[] d, int off, int n, int root) { throw new UnsupportedOperationException(); }
        public void barrier() {}
        public void abort(int code) { throw new IllegalStateException("abort " + code); }
        public void close() {}
    }

    @Test
    void adaLossWeightsComeFromTheMeanOfTheRanksExitLosses() {
        AdaLoss inner = AdaLoss.paperDefaults(2);
        RankAveragedLosses w = new RankAveragedLosses(inner, new ThreeRanks());
        double[] local = {1, 7};
        // means over the 3 ranks: (1 + 2 + 6) / 3 = 3 and (7 + 4 + 1) / 3 = 4; AdaLoss's first step
        // seeds its averages with them, so B = (1/3, 1/4)
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 4}, w.next(local), 1e-15);
        assertArrayEquals(new double[] {3, 4}, inner.averages(), 1e-15);
        assertArrayEquals(new double[] {1, 7}, local, 0, "the caller's losses were overwritten");
        assertEquals(inner.state(), w.state());   // what the checkpoint stores is the inner weighting's
        assertEquals("adaloss", w.cliName());
    }
}
