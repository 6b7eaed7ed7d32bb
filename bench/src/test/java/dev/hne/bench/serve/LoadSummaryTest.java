package dev.hne.bench.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load test's arithmetic on hand-made outcomes; every expected number is worked out by hand below. */
class LoadSummaryTest {

    private static final long MS = 1_000_000;

    @Test
    void nearestRankPercentiles() {
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) hundred[i] = i + 1;                 // 1..100
        assertEquals(50, LoadSummary.percentile(hundred, 0.50));           // ceil(50) = rank 50
        assertEquals(99, LoadSummary.percentile(hundred, 0.99));           // ceil(99) = rank 99
        assertEquals(7, LoadSummary.percentile(new long[] {7}, 0.99));     // one value is every percentile
        assertEquals(2, LoadSummary.percentile(new long[] {1, 2, 3}, 0.5)); // ceil(1.5) = rank 2
        assertTrue(Double.isNaN(LoadSummary.percentile(new long[0], 0.5)));
    }

    @Test
    void countsShedErrorsAccuracyMembersAndDeadline() {
        List<Outcome> o = new ArrayList<>();
        o.add(new Outcome(10 * MS, 200, true, 4, 8 * MS));
        o.add(new Outcome(20 * MS, 200, false, 2, 15 * MS));
        o.add(new Outcome(30 * MS, 200, true, 1, 29 * MS));
        o.add(new Outcome(200 * MS, 200, true, 1, 90 * MS));   // answered, but after the 100 ms deadline; 110 ms outside the server
        o.add(new Outcome(1 * MS, 503, false, 0, 0));    // shed: not in latency, accuracy or members
        o.add(new Outcome(1 * MS, 503, false, 0, 0));
        o.add(new Outcome(5 * MS, 0, false, 0, 0));      // no answer: an error
        LoadSummary s = LoadSummary.of("anytime", 7, 2, 100, o);
        assertEquals(7, s.sent());
        assertEquals(4, s.answered());
        assertEquals(2, s.shed());
        assertEquals(1, s.errors());
        assertEquals(20, s.p50Ms(), 1e-12);     // answered latencies 10, 20, 30, 200: rank ceil(2) = 20
        assertEquals(200, s.p99Ms(), 1e-12);    // rank ceil(3.96) = 4
        assertEquals(90, s.serverP99Ms(), 1e-12);   // server times 8, 15, 29, 90: rank 4, of its own sort
        assertEquals(2.0, s.throughput(), 1e-12);          // 4 answers in 2 s
        assertEquals(0.75, s.accuracy(), 1e-12);           // 3 of 4 answered are correct
        assertEquals(2.0, s.meanMembers(), 1e-12);         // (4 + 2 + 1 + 1) / 4
        assertEquals(3.0 / 7, s.metDeadline(), 1e-12);     // 3 answered in time, of 7 sent
    }
}
