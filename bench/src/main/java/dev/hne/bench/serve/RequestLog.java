package dev.hne.bench.serve;

import dev.hne.report.AtomicFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One run's requests, one CSV line each ({@code serve-load --request-log}): for finding where the
 * late requests' time went (waiting in the queue or computing, and why the server stopped), which
 * the percentiles of {@link LoadSummary} cannot say.
 *
 * <pre>
 *   scheduled_ms,latency_ms,status,server_ms,queue_ms,members,stopped_by,correct
 * </pre>
 * scheduled_ms counts from the run's start; latency_ms from the scheduled time (as in the table);
 * server_ms and queue_ms are the server's own account of its part (0 unless status is 200), so
 * latency_ms - server_ms is the time spent outside the server (HTTP path and generator).
 */
final class RequestLog {

    static final String HEADER = "scheduled_ms,latency_ms,status,server_ms,queue_ms,members,stopped_by,correct";

    private RequestLog() {}

    /** The CSV text: the header, then one line per outcome in the order given. */
    static String csv(List<Outcome> outcomes) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (Outcome o : outcomes) {
            b.append(String.format(Locale.ROOT, "%.3f,%.3f,%d,%.3f,%.3f,%d,%s,%b%n", o.scheduledNanos() / 1e6,
                    o.latencyNanos() / 1e6, o.status(), o.serverNanos() / 1e6, o.queueNanos() / 1e6, o.members(),
                    o.stoppedBy(), o.correct()));
        }
        return b.toString();
    }

    /** Writes {@link #csv} to {@code file} atomically, so that a half-written log never stays. */
    static void write(Path file, List<Outcome> outcomes) {
        AtomicFiles.writeText(file, csv(outcomes));
    }
}
