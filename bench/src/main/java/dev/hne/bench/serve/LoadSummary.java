package dev.hne.bench.serve;

import java.util.Arrays;
import java.util.List;

/**
 * The numbers of one load run (one server, one offered rate), from its {@link Outcome}s.
 *
 * <pre>
 *   p50, p99      nearest-rank percentiles of the latency of the ANSWERED (200) requests, ms
 *   serverP99     p99 of the part of it the server saw (queue + compute): the rest of p99 is the HTTP
 *                 path and the generator, which share the machine's cores with the server
 *   throughput    answered requests per second of the run
 *   shed          503 answers; errors: any other outcome (no answer, 4xx, 5xx)
 *   accuracy      correct / answered
 *   meanMembers   members per answered request
 *   metDeadline   answered within the deadline / sent (the requests that were useful to the caller)
 * </pre>
 */
public record LoadSummary(String server, double offeredRate, double durationSeconds, int sent, int answered, int shed,
                          int errors, double p50Ms, double p99Ms, double serverP99Ms, double throughput, double accuracy,
                          double meanMembers, double metDeadline) {

    public static LoadSummary of(String server, double offeredRate, double durationSeconds, double deadlineMs,
                                 List<Outcome> outcomes) {
        int answered = 0, shed = 0, correct = 0, met = 0;
        long members = 0;
        long[] latencies = new long[outcomes.size()];
        long[] serverTimes = new long[outcomes.size()];
        for (Outcome o : outcomes) {
            if (o.answered()) {
                serverTimes[answered] = o.serverNanos();
                latencies[answered++] = o.latencyNanos();
                members += o.members();
                if (o.correct()) correct++;
                if (o.latencyNanos() <= deadlineMs * 1e6) met++;
            } else if (o.shed()) {
                shed++;
            }
        }
        long[] sorted = Arrays.copyOf(latencies, answered);
        Arrays.sort(sorted);
        long[] sortedServer = Arrays.copyOf(serverTimes, answered);
        Arrays.sort(sortedServer);
        int sent = outcomes.size();
        return new LoadSummary(server, offeredRate, durationSeconds, sent, answered, shed, sent - answered - shed,
                percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6,
                percentile(sortedServer, 0.99) / 1e6, answered / durationSeconds,
                answered == 0 ? Double.NaN : (double) correct / answered,
                answered == 0 ? Double.NaN : (double) members / answered,
                sent == 0 ? Double.NaN : (double) met / sent);
    }

    /** Nearest rank: the smallest value with at least a fraction q of the values at or below it; NaN when empty. */
    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }

    static final String CSV_HEADER =
            "server,offered_rps,duration_s,sent,answered,shed,errors,p50_ms,p99_ms,server_p99_ms,throughput_rps,accuracy,mean_members,met_deadline";

    String csvRow() {
        return String.format(java.util.Locale.ROOT, "%s,%.2f,%.1f,%d,%d,%d,%d,%.2f,%.2f,%.2f,%.2f,%.4f,%.3f,%.4f", server,
                offeredRate, durationSeconds, sent, answered, shed, errors, p50Ms, p99Ms, serverP99Ms, throughput, accuracy,
                meanMembers, metDeadline);
    }
}
