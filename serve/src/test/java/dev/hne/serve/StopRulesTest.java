package dev.hne.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The scheduler's per-row decision and a request's member cap, on hand-made numbers (no model, no clock). */
class StopRulesTest {

    // a made-up cost curve: cumulative MMACs per image after stages 1..4
    static final double[] COST = {1.0, 1.5, 3.0, 3.5};

    @Test
    void capFromBudgetAndMembers() {
        assertEquals(4, RequestLimits.NONE.maxStage(COST));
        assertEquals(2, new RequestLimits(null, null, 2).maxStage(COST));
        assertEquals(1, new RequestLimits(null, 1.0, null).maxStage(COST));      // exactly stage 1's cost
        assertEquals(2, new RequestLimits(null, 2.9, null).maxStage(COST));      // 1.5 <= 2.9 < 3.0
        assertEquals(3, new RequestLimits(null, 3.0, null).maxStage(COST));
        assertEquals(4, new RequestLimits(null, 100.0, null).maxStage(COST));
        assertEquals(2, new RequestLimits(null, 3.2, 2).maxStage(COST));         // the tighter of the two
        assertThrows(BadRequest.class, () -> new RequestLimits(null, 0.5, null).maxStage(COST));
        assertThrows(BadRequest.class, () -> new RequestLimits(null, null, 5).maxStage(COST));
        assertThrows(BadRequest.class, () -> new RequestLimits(-1.0, null, null));
        assertThrows(BadRequest.class, () -> new RequestLimits(Double.NaN, null, null));
        assertEquals(50.0, RequestLimits.NONE.withDefaultDeadline(50).deadlineMs());
        assertEquals(20.0, new RequestLimits(20.0, null, null).withDefaultDeadline(50).deadlineMs());
        assertNull(RequestLimits.NONE.withDefaultDeadline(0).deadlineMs());
    }

    @Test
    void rulesApplyInOrder() {
        long deadline = 1_000;
        assertEquals("last", AnytimeScheduler.stopReason(4, 4, 4, "last", true, 5_000, deadline, true));
        assertEquals("members", AnytimeScheduler.stopReason(2, 4, 2, "members", true, 5_000, deadline, true));
        assertEquals("policy", AnytimeScheduler.stopReason(2, 4, 3, "budget", true, 5_000, deadline, true));
        assertEquals("deadline", AnytimeScheduler.stopReason(2, 4, 3, "budget", false, 1_001, deadline, true));
        assertEquals("load", AnytimeScheduler.stopReason(2, 4, 3, "budget", false, 1_000, deadline, true));
        assertNull(AnytimeScheduler.stopReason(2, 4, 3, "budget", false, 1_000, deadline, false));
    }

    @Test
    void theLoadRuleStopsWhenGoingOnWouldMakeTheWaitingMissTheirEarliestDeadline() {
        // now 1000, next stage 300, the waiting requests' first members 200: they would be done at 1500
        assertFalse(AnytimeScheduler.delaysTheQueuePastItsDeadline(1_000, 300, 200, 1_500));
        assertTrue(AnytimeScheduler.delaysTheQueuePastItsDeadline(1_000, 300, 200, 1_499));
        assertTrue(AnytimeScheduler.delaysTheQueuePastItsDeadline(1_000, 0, 600, 1_500));     // the queue alone is too late
        assertTrue(AnytimeScheduler.delaysTheQueuePastItsDeadline(1_000, 600, 0, 1_500));     // the next stage alone is
        assertFalse(AnytimeScheduler.delaysTheQueuePastItsDeadline(1_000, 1L << 40, 1L << 40, Long.MAX_VALUE)); // no deadlines
    }

    @Test
    void aRequestBehindAFullBatchWaitsForWholeBatches() {
        assertEquals(1, AnytimeScheduler.rowsUntilFirstMember(0, 32));     // the next batch: itself
        assertEquals(32, AnytimeScheduler.rowsUntilFirstMember(31, 32));   // the last row of the next batch
        assertEquals(64, AnytimeScheduler.rowsUntilFirstMember(32, 32));   // one full batch ahead, then its own, full
        assertEquals(64, AnytimeScheduler.rowsUntilFirstMember(63, 32));
        assertEquals(96, AnytimeScheduler.rowsUntilFirstMember(64, 32));
        assertEquals(3, AnytimeScheduler.rowsUntilFirstMember(2, 1));      // batches of one: the rows ahead and itself
    }

    @Test
    void admissionCountsTheStageInFlightAndTheBatchesAhead() {
        // the low state of a 4x load test (docs/serving.md): stage 1 of a 32-row batch takes 35 ms
        StageTimer t = new StageTimer(new double[] {1.0, 2.0});
        for (int i = 0; i < 100; i++) t.record(1, 32, 35_000_000);
        long ms = 1_000_000, expectedBatch = (long) (1.25 * 35 * ms);   // 43.75 ms
        // 40 waiting, the stage in flight ends in 10 ms: two batches of one member after it
        assertEquals(10 * ms + 2 * expectedBatch, AnytimeScheduler.firstMemberReady(0, 10 * ms, t, 40, 32), 1);
        // so a request with 95 ms left is refused, where counting the 41 rows from now expected 56 ms
        assertTrue(AnytimeScheduler.firstMemberReady(0, 10 * ms, t, 40, 32) > 95 * ms);
        assertEquals((long) (1.25 * 35 * ms * 41 / 32), t.expectedNanos(1, 41), 1);
        // a stage that has run past its expected end does not count: the worker is late, not idle
        assertEquals(5 * ms + (long) (1.25 * 35 * ms * 4 / 32), AnytimeScheduler.firstMemberReady(5 * ms, 1 * ms, t, 3, 32), 1);
        assertEquals((long) (1.25 * 35 * ms / 32), AnytimeScheduler.firstMemberReady(0, 0, t, 0, 32), 1);   // idle
    }

    @Test
    void timerPredictsFromTheMeasuredTimePerMMacWithAMarginForItsDeviation() {
        StageTimer t = new StageTimer(COST);
        assertEquals(0, t.predictNanos(2, 10));                  // nothing measured yet
        t.record(3, 4, 6_000_000);                                // 4 rows x 1.5 MMACs in 6 ms: 1e6 ns per MMAC
        assertEquals(1e6, t.nanosPerMMac(), 1e-6);
        assertEquals(0.5e6, t.deviationNanosPerMMac(), 1e-6);    // first deviation: half the sample
        // stage 2 adds 0.5 MMACs; 10 rows: 5 MMACs; margin max(1.25 x 1e6, 1e6 + 4 x 0.5e6) = 3e6 ns per MMAC
        assertEquals(15_000_000, t.predictNanos(2, 10));
        t.record(1, 1, 3_000_000);                                // 1 MMAC in 3 ms: error |3e6 - 1e6 x 1| = 2e6 ns
        // errors 0.75 x 3e6 + 2e6 = 4.25e6 ns over 0.75 x 6 + 1 = 5.5 MMACs
        assertEquals(4.25e6 / 5.5, t.deviationNanosPerMMac(), 1e-6);
        // time 0.9 x 6e6 + 3e6 = 8.4e6 ns over 0.9 x 6 + 1 = 6.4 MMACs
        assertEquals(8.4e6 / 6.4, t.nanosPerMMac(), 1e-6);                            // 1.3125e6
        // margin: 1.3125e6 + 4 x 0.7727e6 = 4.4034e6 ns per MMAC; stage 1 (1 MMAC) for 2 rows
        assertEquals((long) ((8.4e6 / 6.4 + 4 * 4.25e6 / 5.5) * 2), t.predictNanos(1, 2), 1);
        for (int i = 0; i < 200; i++) t.record(1, 1, 1_000_000); // steady samples: the deviation fades away
        assertEquals(1e6, t.nanosPerMMac(), 1);
        assertEquals(1_250_000, t.predictNanos(1, 1), 1);        // and the least margin, 1.25 x the mean, is left
    }

    @Test
    void aHiccupInAOneRowStageCountsForItsNanosecondsNotForItsRatio() {
        StageTimer t = new StageTimer(COST);
        for (int i = 0; i < 400; i++) t.record(3, 4, 6_000_000); // steady: 6 MMACs in 6 ms, 1e6 ns per MMAC
        // the sums have settled: time 6e6 / 0.1 = 60e6 ns over 60 MMACs; errors 0 over 6 / 0.25 = 24 MMACs
        t.record(1, 1, 5_000_000);                                // 1 MMAC in 5 ms: 5 times the mean, error 4e6 ns
        double mean = (0.9 * 60e6 + 5e6) / (0.9 * 60 + 1);        // 59e6 / 55 = 1.0727e6
        double deviation = 4e6 / (0.75 * 24 + 1);                 // 4e6 / 19 = 0.2105e6
        assertEquals(mean, t.nanosPerMMac(), 1);
        assertEquals(deviation, t.deviationNanosPerMMac(), 1);
        // the next full stage is planned at (1.07e6 + 4 x 0.21e6) x 6 MMACs = 11.5 ms, twice its 6 ms;
        // averaging the per-MMAC ratio instead (mean 1.4e6, deviation 1e6) would have planned 32.4 ms
        assertEquals((long) ((mean + 4 * deviation) * 6), t.predictNanos(3, 4), 1);
    }

    @Test
    void admissionExpectsTheMeanWhilePlanningAddsTheDeviations() {
        StageTimer t = new StageTimer(COST);
        assertEquals(0, t.expectedNanos(1, 4));                   // nothing measured yet
        for (int i = 0; i < 400; i++) t.record(3, 4, 6_000_000); // steady: 1e6 ns per MMAC, no deviation
        t.record(1, 1, 31_000_000);                               // a 30 ms hiccup in a one-row stage
        double mean = (0.9 * 60e6 + 31e6) / (0.9 * 60 + 1);      // 85e6 / 55 = 1.545e6
        double deviation = 30e6 / (0.75 * 24 + 1);                // 30e6 / 19 = 1.579e6
        // stage 1 (1 MMAC) for a queue of 4: planned at (mean + 4 deviations) x 4 = 31.4 ms, four
        // times what admission expects, 1.25 x mean x 4 = 7.7 ms
        assertEquals((long) ((mean + 4 * deviation) * 4), t.predictNanos(1, 4), 1);
        assertEquals((long) (1.25 * mean * 4), t.expectedNanos(1, 4), 1);
    }

    @Test
    void forgettingDropsTheWarmUpSoThatTheNextSampleStartsTheAveragesAfresh() {
        StageTimer t = new StageTimer(COST);
        t.record(1, 1, 50_000_000);                               // a cold stage: 50e6 ns per MMAC
        t.forget();
        assertEquals(0, t.predictNanos(1, 1));                    // nothing measured any more
        assertTrue(Double.isNaN(t.nanosPerMMac()));
        t.record(1, 2, 2_000_000);                                // 2 rows x 1 MMAC in 2 ms: 1e6 ns per MMAC
        assertEquals(1e6, t.nanosPerMMac(), 1e-6);                // not pulled towards the cold sample
        assertEquals(0.5e6, t.deviationNanosPerMMac(), 1e-6);     // and its first deviation is half of it again
    }
}
