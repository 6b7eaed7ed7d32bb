package dev.hne.bench.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request log on hand-made outcomes: each field where the header says, in milliseconds. */
class RequestLogTest {

    private static final long US = 1_000;

    @Test
    void oneLinePerRequestInMillisecondsUnderTheHeader(@TempDir Path dir) throws Exception {
        List<Outcome> o = List.of(
                new Outcome(12_345 * US, 200, true, 3, 11_000 * US, 250_500 * US, 4_250 * US, "deadline"),
                new Outcome(1_500 * US, 503, false, 0, 0, 251_000 * US, 0, ""));
        Path file = dir.resolve("requests-anytime-4.0x.csv");
        RequestLog.write(file, o);

        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of(
                "scheduled_ms,latency_ms,status,server_ms,queue_ms,members,stopped_by,correct",
                "250.500,12.345,200,11.000,4.250,3,deadline,true",
                "251.000,1.500,503,0.000,0.000,0,,false"), lines);
        try (var left = Files.list(dir)) {
            assertEquals(1, left.count(), "no temporary file stays behind");
        }
    }

    /** The 503 bodies PredictServer writes carry the reason as a field; anything else is plain "shed". */
    @Test
    void aShedRequestIsLoggedWithTheReasonTheServerGave() {
        assertEquals("queue-full", LoadClient.shedReason(
                "{\"error\":\"the queue is full (64 requests)\",\"reason\":\"queue-full\"}"));
        assertEquals("infeasible", LoadClient.shedReason("{\"reason\":\"infeasible\",\"error\":\"the queue is too long\"}"));
        assertEquals("shutdown", LoadClient.shedReason("{\"error\":\"the server is shutting down\",\"reason\":\"shutdown\"}"));
        assertEquals("shed", LoadClient.shedReason("{\"error\":\"the queue is full (64 requests)\"}"), "no field: no guessing");
        assertEquals("shed", LoadClient.shedReason("{\"reason\":\"a,b\"}"), "not one CSV-safe word");
        assertEquals("shed", LoadClient.shedReason("<html>Service Unavailable</html>"));
        assertEquals("shed", LoadClient.shedReason(null));
    }
}
