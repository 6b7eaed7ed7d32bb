package dev.hne.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.report.LatencyReport;
import java.util.List;
import java.util.Map;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The ONNX Runtime columns of the report: ORT times pair with ours (never with PyTorch's, never
 * replacing ours in the PyTorch table), GFLOP/s from the cost model's MACs, and the FMA peak from
 * FmaPeakBenchmark's two thread counts. Expected values worked out by hand below.
 */
class OrtReportTest {

    private static JmhResult latency(String cls, int batch, int n, double medianMs) {
        return new JmhResult("dev.hne.bench." + cls + ".firstN", "sample",
                Map.of("arch", "resnet-hne", "batch", String.valueOf(batch), "device", "cpu", "n", String.valueOf(n)),
                medianMs + 1, Double.NaN, medianMs);
    }

    private static final List<JmhResult> RESULTS = List.of(
            latency("AnytimeLatencyBenchmark", 1, 1, 12.0),
            latency("ort.OrtAnytimeLatencyBenchmark", 1, 1, 4.0),
            latency("peer.PeerAnytimeLatencyBenchmark", 1, 1, 6.0),
            latency("AnytimeLatencyBenchmark", 64, 1, 300.0),     // no ORT time: not in the ORT table
            new JmhResult("dev.hne.bench.FmaPeakBenchmark.peak1", "avgt", Map.of(), 0.01, Double.NaN, 0.01),
            new JmhResult("dev.hne.bench.FmaPeakBenchmark.peak2", "avgt", Map.of(), 0.02, Double.NaN, 0.02));

    @Test
    void ortPairsWithOursAndGivesGflops() {
        List<JmhReport.OrtRow> rows = JmhReport.ortRows(RESULTS);
        assertEquals(1, rows.size());
        JmhReport.OrtRow r = rows.get(0);
        assertEquals(12.0, r.oursMs());
        assertEquals(4.0, r.ortMs());
        assertEquals(3.0, r.ratio(), 1e-12);
        // one resnet-hne member is 50.797056 MMACs (JmhReportTest): 2 x 50.797056e6 FLOPs in 12 ms
        assertEquals(2 * 50.797056 / 12.0, r.oursGflops(), 1e-9);
        assertEquals(2 * 50.797056 / 4.0, r.ortGflops(), 1e-9);
    }

    @Test
    void thePyTorchTableKeepsOursAndIgnoresOrt() {
        List<LatencyReport.Row> rows = JmhReport.anytimeRows(RESULTS);
        assertEquals(12.0, rows.get(0).oursMs());
        assertEquals(6.0, rows.get(0).peerMs());
    }

    @Test
    void peakFromBothThreadCounts() {
        // a call is 12 chains x 2000 steps x lanes x 2 FLOPs; peak1: one thread, 0.01 ms per call;
        // peak2: 0.02 ms per call on each of two threads, i.e. the same rate
        double flops = 12 * 2000 * FloatVector.SPECIES_PREFERRED.length() * 2.0;
        JmhReport.Peak p = JmhReport.peak(RESULTS);
        assertEquals(flops / 10e-6 / 1e9, p.oneThread(), 1e-9);   // FLOPs per 10 us, in GFLOP/s
        assertEquals(p.oneThread(), p.twoThreads(), 1e-9);
        String md = JmhReport.ortMarkdown(JmhReport.ortRows(RESULTS), p);
        assertTrue(md.contains("| resnet-hne | 1 | 1 | 50.8 | 12.00 | 4.00 | 3.00 | 8.5 | 25.4 |"), md);
    }
}
