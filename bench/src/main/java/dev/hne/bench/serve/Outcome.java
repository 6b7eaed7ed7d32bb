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
 * @param scheduledNanos when the request was scheduled, from the run's start
 * @param queueNanos   the part of serverNanos it waited in the queue (its answer's queue_ms; 0 when not 200)
 * @param stoppedBy    why the server stopped adding members (its answer's stopped_by), or for a 503 why it
 *                     shed the request ({@link LoadClient#shedReason}); "" otherwise
 */
public record Outcome(long latencyNanos, int status, boolean correct, int members, long serverNanos,
                      long scheduledNanos, long queueNanos, String stoppedBy) {

    /** An outcome without the per-request details that only {@code --request-log} reads. */
    public Outcome(long latencyNanos, int status, boolean correct, int members, long serverNanos) {
        this(latencyNanos, status, correct, members, serverNanos, 0, 0, "");
    }

    public boolean answered() {
        return status == 200;
    }

    /** 503: refused by the queue bound or the admission check (the server's load shedding). */
    public boolean shed() {
        return status == 503;
    }
}
