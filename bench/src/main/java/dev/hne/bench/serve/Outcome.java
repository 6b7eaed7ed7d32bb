package dev.hne.bench.serve;

/**
 * What happened to one request of a load run.
 *
 * @param latencyNanos from the request's SCHEDULED send time to its answer (so a generator that
 *                     falls behind, or a server that answers late, shows in the latency instead of
 *                     silently sending fewer requests: no coordinated omission)
 * @param status       the HTTP status; 0 when the request failed without one (connection refused, timeout)
 * @param correct      status 200 and the predicted class equals the image's label
 * @param members      members (stages) the server evaluated; 0 when it did not answer 200
 * @param serverNanos  the part of the latency the server saw (its answer's queue_ms + compute_ms: from
 *                     its scheduler's arrival to the answer); the rest is the HTTP path and the
 *                     generator (0 when it did not answer 200)
 */
public record Outcome(long latencyNanos, int status, boolean correct, int members, long serverNanos) {

    public boolean answered() {
        return status == 200;
    }

    /** 503: refused by the queue bound or the admission check (the server's load shedding). */
    public boolean shed() {
        return status == 503;
    }
}
