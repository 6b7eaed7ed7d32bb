package dev.hne.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.report.LatencyReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parsing and pairing of JMH results, against the hand-written fixture jmh-fixture.json (in JMH's
 * format; the expected values below are worked out by hand from it).
 */
class JmhReportTest {

    private static List<JmhResult> fixture() throws IOException {
        try (InputStream in = JmhReportTest.class.getResourceAsStream("/jmh-fixture.json")) {
            return JmhResult.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void parsesEveryEntryWithParamsMedianAndUnits() throws IOException {
        List<JmhResult> r = fixture();
        assertEquals(7, r.size());
        JmhResult first = r.get(0);
        assertEquals("dev.hne.bench.AnytimeLatencyBenchmark.firstN", first.benchmark());
        assertEquals("sample", first.mode());
        assertEquals(Map.of("arch", "resnet-hne", "batch", "1", "device", "cpu", "n", "1"), first.params());
        assertEquals(12.5, first.scoreMs());
        assertEquals(0.25, first.errorMs());
        assertEquals(12.0, first.medianMs());          // the "50.0" percentile, not the mean
        assertTrue(Double.isNaN(r.get(1).errorMs()));  // JMH writes "NaN" as a string
        assertTrue(r.get(1).isPeer());
        assertEquals(3000.0, r.get(4).medianMs());     // 3.0 s/op
        assertEquals(10.0, r.get(6).scoreMs(), 1e-12); // 10000 us/op
    }

    @Test
    void pairsOursWithThePeerByArchBatchAndN() throws IOException {
        List<LatencyReport.Row> rows = JmhReport.anytimeRows(fixture());
        assertEquals(3, rows.size());
        // resnet-hne, batch 1, n = 1: ours 12 ms, peer 4 ms -> ratio 3; one member of resnet-hne is
        // 50,797,056 MACs (level 0: 1,490,944; levels 1-4: 10,928,128 + 11,829,248 + 11,681,792 +
        // 14,864,384; classifier 256 x 10 = 2,560), so 12 ms / 50.797056 MMACs
        LatencyReport.Row a = rows.get(0);
        assertEquals("resnet-hne", a.arch());
        assertEquals(1, a.batch());
        assertEquals(1, a.n());
        assertEquals(12.0, a.oursMs());
        assertEquals(4.0, a.peerMs());
        assertEquals(3.0, a.ratio(), 1e-12);
        assertEquals(50.797056, a.mmacs(), 1e-9);
        assertEquals(12.0 / 50.797056, a.msPerMmac(), 1e-12);
        // n = 2 adds one level-4 node and its classifier: 14,864,384 + 2,560 MACs; no peer time
        LatencyReport.Row b = rows.get(1);
        assertEquals(2, b.n());
        assertEquals(1, b.batch());
        assertEquals(65.664, b.mmacs(), 1e-9);
        assertEquals(20.0, b.oursMs());
        assertTrue(Double.isNaN(b.peerMs()));
        // batch 64, n = 2: only the peer measured; sorted after batch 1
        LatencyReport.Row c = rows.get(2);
        assertEquals(64, c.batch());
        assertTrue(Double.isNaN(c.oursMs()));
        assertEquals(87.0, c.peerMs());
        assertTrue(Double.isNaN(c.ratio()));
    }

    @Test
    void pairsTrainingStepsAndConvertsConvScoresToGflops() throws IOException {
        List<JmhReport.TrainRow> train = JmhReport.trainRows(fixture());
        assertEquals(1, train.size());
        assertEquals(3000.0, train.get(0).oursMs());
        assertEquals(1500.0, train.get(0).peerMs());
        assertEquals(2.0, train.get(0).ratio(), 1e-12);
        List<JmhReport.ConvRow> conv = JmhReport.convRows(fixture());
        assertEquals(1, conv.size());
        assertEquals("forward", conv.get(0).pass());
        // 16 groups of 256 -> 64 at 8x8, batch 64: 64 x 1024 x 256 x 64 = 1,073,741,824 MACs; 2 FLOPs
        // each in 10 ms = 214.7483648 GFLOP/s
        assertEquals(214.7483648, conv.get(0).gflops(), 1e-9);
    }

    @Test
    void writesMarkdownAndPlots(@TempDir Path dir) throws IOException {
        List<LatencyReport.Row> rows = JmhReport.anytimeRows(fixture());
        LatencyReport.write(dir, "fixture", rows, JmhReport.trainMarkdown(JmhReport.trainRows(fixture())));
        String md = Files.readString(dir.resolve(LatencyReport.MARKDOWN));
        assertTrue(md.contains("| 1 | 50.8 | 12.00 | 4.00 | 3.00 |"), md);
        assertTrue(md.contains("| resnet-hne | 64 | 3000 | 1500 | 2.00 |"), md);
        assertTrue(Files.size(dir.resolve(LatencyReport.plotName("resnet-hne", 1))) > 1000);
        assertTrue(Files.size(dir.resolve(LatencyReport.plotName("resnet-hne", 64))) > 1000);
    }

    @Test
    void aSectionWithoutPeerTimesHasNoPeerColumns() {
        String md = LatencyReport.markdown(List.of(new LatencyReport.Row("resnet-hne", 1, 1, 8.0, Double.NaN, 50.0)));
        assertTrue(md.contains("| n | MMACs/image | ms | ms per batch-MMAC |"), md);
        assertTrue(md.contains("| 1 | 50.0 | 8.00 | 0.16000 |"), md);   // 8 ms / (50 MMACs x batch 1)
        assertTrue(!md.contains("peer"), md);
    }

    @Test
    void malformedJsonSaysWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JmhResult.parse("[{\"a\" 1}]"));
        assertTrue(e.getMessage().startsWith("JMH JSON: ") && e.getMessage().contains("line 1 column"), e.getMessage());
    }
}
