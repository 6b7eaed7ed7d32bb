package dev.hne.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hne.anytime.StagedRun;
import dev.hne.engine.Tensor;
import dev.hne.engine.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

/** An ANN run gives back the features it made; the next batch allocates nothing new, and answers the same. */
class AnnRunMemoryTest {

    @Test
    void closedRunsLeaveNothingForTheNextBatchToAllocate() {
        AnytimeNetwork net = new AnytimeNetwork(AnytimeNetworkTest.tiny(), 7);
        AnytimeNetworkTest.randomiseStatistics(net, 8);
        net.eval();
        Tensor x = AnytimeNetworkTest.images(16, 9);   // 16 rows: the features are >= 4096 floats, poolable
        float[] first = null;
        for (int round = 0; round < 3; round++) {
            long before = CpuBackend.INSTANCE.poolMisses();
            float[] answer;
            try (StagedRun run = net.start(x)) {
                run.advance();
                run.retain(new int[] {0, 2, 3, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15});
                answer = run.advance().prediction().toArray();
            }
            if (round == 0) {
                first = answer;
            } else {
                assertEquals(before, CpuBackend.INSTANCE.poolMisses(), "round " + round + " allocated afresh");
                assertArrayEquals(first, answer, 0f, "round " + round);
            }
        }
        x.toArray();   // the caller's image is still readable
    }

    @Test
    void aClosedRunCannotAdvance() {
        AnytimeNetwork net = new AnytimeNetwork(AnytimeNetworkTest.tiny(), 3);
        net.eval();
        StagedRun run = net.start(AnytimeNetworkTest.images(2, 4));
        run.advance();
        run.close();
        run.close();
        assertThrows(IllegalStateException.class, run::advance);
    }
}
