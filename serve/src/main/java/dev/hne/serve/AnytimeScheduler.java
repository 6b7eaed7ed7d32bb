package dev.hne.serve;

import dev.hne.anytime.StagedModel;
import dev.hne.anytime.StagedRun;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.loss.Metrics;
import dev.hne.policy.ExitPolicy;
import dev.hne.policy.StageFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The anytime core of the server: one worker thread that evaluates queued requests together.
 *
 * <pre>
 *   loop:
 *     batch = every request waiting (up to maxBatch)              requests that arrive together run together
 *     run = model.start(batch)
 *     for s = 1..S:
 *       run.advance()                                            stage s for the rows still running
 *       a row stops when                                          (its prediction is answered at once)
 *         s = its cap (members / budget)         -> members | budget
 *         its exit policy says stop              -> policy
 *         now + predict(s + 1) > its deadline    -> deadline
 *         now + predict(s + 1) + predict(1, waiting) > the earliest waiting deadline   -> load (every row)
 *       run.retain(rows that continue)                           the batch shrinks
 * </pre>
 * predict() is the {@link StageTimer}: cost model times the time per MMAC measured on the stages run
 * so far. The "load" rule is how the server lowers the members per request when the queue grows:
 * the batch in hand stops refining as soon as going on would make the requests behind it miss their
 * deadlines. Admission: a full queue, or (anytime mode) a request that would miss its deadline even
 * with one member, after the stage in flight and the batches ahead of it (expected time,
 * {@link StageTimer#expectedNanos}: admission is about load, the planning margin is about noise), is
 * refused with {@link Overloaded} (503 + Retry-After); a request that finds the server idle is
 * always admitted.
 *
 * <p>In fixed mode ({@code fixedMembers}) every request gets exactly that many members; deadlines,
 * budgets, member counts and the policy are ignored: the baseline the load test compares with.
 */
public final class AnytimeScheduler implements AutoCloseable {

    /**
     * @param maxQueue          requests waiting at most; more are shed
     * @param maxBatch          rows per batch at most
     * @param defaultDeadlineMs deadline for requests that give none; 0 = none
     * @param fixedMembers      0 for anytime serving, else every request gets this many members
     * @param warmUpMs          how long to warm up before serving (at least one round: {@link #warmUp})
     * @param reserveMs         kept back from every deadline for the HTTP path around the scheduler
     *                          (reading the request before it, writing the answer after it): the
     *                          scheduler plans to finish this much before the deadline
     */
    public record Settings(int maxQueue, int maxBatch, double defaultDeadlineMs, int fixedMembers, long warmUpMs,
                           double reserveMs) {}

    /** The request was refused because the server is overloaded or shutting down (503). */
    public static final class Overloaded extends RuntimeException {

        /** Why, as the word the 503 answer's {@code reason} field carries (for clients and load logs). */
        public enum Reason {
            QUEUE_FULL("queue-full"), INFEASIBLE("infeasible"), SHUTDOWN("shutdown");

            private final String code;

            Reason(String code) {
                this.code = code;
            }

            public String code() {
                return code;
            }
        }

        private final Reason reason;
        private final long retryAfterSeconds;

        Overloaded(Reason reason, String message, long retryAfterSeconds) {
            super(message, null, false, false);
            this.reason = reason;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        static Overloaded shuttingDown() {
            return new Overloaded(Reason.SHUTDOWN, "the server is shutting down", 1);
        }

        public Reason reason() {
            return reason;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** One request in the queue or in the batch. */
    private record Pending(float[] input, int cap, String capReason, long arrival, long deadline,
                           CompletableFuture<Prediction> answer) {}

    private final StagedModel model;
    private final ExitPolicy policy;
    private final Settings settings;
    private final double[] cost;
    private final int stages, inputSize, channels, resolution;
    private final StageTimer timer;
    private final ArrayBlockingQueue<Pending> queue;
    private final Thread worker;
    private volatile boolean accepting = true;
    private volatile boolean running = true;
    private volatile int inBatch;
    /** When the stage being computed is expected to end (System.nanoTime); 0 when the worker is idle. */
    private volatile long stageEndsAt;

    public AnytimeScheduler(ServedModel served, Settings settings) {
        this.model = served.staged();
        this.policy = settings.fixedMembers() > 0 ? null : served.policy();
        this.settings = settings;
        this.cost = served.costCurve();
        this.stages = model.stages();
        this.inputSize = served.inputSize();
        this.channels = served.spec().inChannels();
        this.resolution = served.spec().resolution();
        if (settings.fixedMembers() > stages) {
            throw new ServeException("--fixed " + settings.fixedMembers() + " is more than the model's " + stages + " stages");
        }
        this.timer = new StageTimer(cost);
        this.queue = new ArrayBlockingQueue<>(settings.maxQueue());
        this.worker = new Thread(this::loop, "hne-anytime-batcher");
    }

    /** Warms up ({@link #warmUp}), then starts the worker. */
    public void start() {
        warmUp();
        worker.start();
    }

    /**
     * Runs batches of zeros through the model for at least {@code warmUpMs}, in rounds of every
     * batch size the server will form (maxBatch, maxBatch / 2, ..., 1) whose rows stop at staggered
     * stages, so that the shrinking batches' {@code retain} is compiled too; then the timer forgets
     * the warm-up and starts from one full batch. Until the JIT has compiled the kernels for full
     * batches a stage runs several times slower: after a warm-up of five small batches, the time
     * per MMAC fell from 68 to 25 microseconds over the first 8 s of load, and a timer that had
     * learnt the cold times shed most requests meanwhile (docs/serving.md, "A cold start").
     */
    void warmUp() {
        long end = System.nanoTime() + settings.warmUpMs() * 1_000_000;
        do {
            for (int rows = settings.maxBatch(); rows >= 1; rows /= 2) runBatch(zeros(rows, true), false);
        } while (System.nanoTime() < end);
        timer.forget();
        runBatch(zeros(settings.maxBatch(), false), false);
    }

    /** {@code rows} all-zero inputs; {@code staggered}: row i stops after stage 1 + i mod S, else every row runs all stages. */
    private List<Pending> zeros(int rows, boolean staggered) {
        List<Pending> batch = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            int cap = staggered ? 1 + i % stages : stages;
            batch.add(new Pending(new float[inputSize], cap, "members", System.nanoTime(), Long.MAX_VALUE, new CompletableFuture<>()));
        }
        return batch;
    }

    public int stages() {
        return stages;
    }

    /** Requests waiting for a batch. */
    public int queueDepth() {
        return queue.size();
    }

    /** Requests in the batch being computed. */
    public int batchRows() {
        return inBatch;
    }

    /** The measured time per MMAC in nanoseconds (NaN before any stage). */
    public double nanosPerMMac() {
        return timer.nanosPerMMac();
    }

    /** The mean deviation of the measured time per MMAC (NaN before any stage). */
    public double deviationNanosPerMMac() {
        return timer.deviationNanosPerMMac();
    }

    /**
     * Queues one preprocessed input (C*H*W floats); the future completes with its prediction.
     *
     * @param arrival when the request arrived (System.nanoTime), which its deadline counts from: the
     *                HTTP handler's first moment, so that reading and decoding the body count too
     * @throws Overloaded  when it is shed
     * @throws BadRequest  when its limits do not fit the model
     */
    public CompletableFuture<Prediction> submit(float[] input, RequestLimits limits, long arrival) {
        if (input.length != inputSize) {
            throw new IllegalArgumentException("input has " + input.length + " floats, expected " + inputSize);
        }
        long now = System.nanoTime();
        int cap;
        String capReason;
        long deadline = Long.MAX_VALUE;
        if (settings.fixedMembers() > 0) {
            cap = settings.fixedMembers();
            capReason = cap == stages ? "last" : "members";
        } else {
            cap = limits.maxStage(cost);
            capReason = cap == stages ? "last" : limits.members() != null && limits.members() == cap ? "members" : "budget";
            RequestLimits l = limits.withDefaultDeadline(settings.defaultDeadlineMs());
            if (l.deadlineMs() != null) deadline = arrival + (long) ((l.deadlineMs() - settings.reserveMs()) * 1e6);
        }
        if (!accepting) {
            throw Overloaded.shuttingDown();
        }
        // Shedding is for load: a request that finds the server idle is always taken (answered with at
        // least one member, late if need be). Refusing it would also stop the time per MMAC from ever
        // being measured again, so one bad estimate (say from warm-up) would shed every request forever.
        boolean idle = queue.isEmpty() && inBatch == 0;
        if (!idle && deadline != Long.MAX_VALUE && firstMemberReady(now) > deadline) {
            throw new Overloaded(Overloaded.Reason.INFEASIBLE,
                    "the queue is too long to meet this deadline even with one member", retryAfterSeconds());
        }
        Pending p = new Pending(input, cap, capReason, arrival, deadline, new CompletableFuture<>());
        if (!queue.offer(p)) {
            throw new Overloaded(Overloaded.Reason.QUEUE_FULL, "the queue is full (" + settings.maxQueue() + " requests)",
                    retryAfterSeconds());
        }
        return p.answer();
    }

    /**
     * When a request admitted now would expect its first member: after the stage in flight (the
     * load rule stops the batch there when going on would make the queue late), then one member for
     * the batches ahead of it and for its own ({@link #rowsUntilFirstMember}), on the expected time.
     */
    private long firstMemberReady(long now) {
        return firstMemberReady(now, stageEndsAt, timer, queue.size(), settings.maxBatch());
    }

    /** {@link #firstMemberReady(long)}'s arithmetic: {@code stageEndsAt} 0 when the worker is idle. */
    static long firstMemberReady(long now, long stageEndsAt, StageTimer timer, int ahead, int maxBatch) {
        return Math.max(now, stageEndsAt) + timer.expectedNanos(1, rowsUntilFirstMember(ahead, maxBatch));
    }

    /**
     * The rows whose first member is computed before a request's is ready, its own included, when
     * {@code ahead} requests wait before it and a batch holds at most {@code maxBatch}. Batches run
     * one after another, so a request that is not in the next batch waits for whole batches: the
     * full ones ahead, then its own, which is full too, because a queue longer than a batch means
     * requests arrive faster than batches finish, and they join it while it waits. Counting only the
     * rows ahead (as a queue without batches would) admitted requests two full batches back at 4x
     * load, and they answered 5-15 ms late (docs/serving.md, "The low state was admission").
     */
    static int rowsUntilFirstMember(int ahead, int maxBatch) {
        int batchesAhead = ahead / maxBatch;
        return batchesAhead == 0 ? ahead + 1 : (batchesAhead + 1) * maxBatch;
    }

    /** Seconds until the queue should have drained at one member per request; at least 1. */
    private long retryAfterSeconds() {
        return Math.max(1, (long) Math.ceil(timer.predictNanos(1, queue.size()) / 1e9));
    }

    /** Stops taking requests, answers every queued one, then stops the worker (waits up to {@code timeoutMs}). */
    public void drain(long timeoutMs) throws InterruptedException {
        accepting = false;
        running = false;
        worker.join(timeoutMs);
    }

    @Override
    public void close() throws InterruptedException {
        drain(60_000);
    }

    // ---------------------------------------------------------------- the worker

    private void loop() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, settings.maxBatch() - 1);
                runBatch(batch, true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                // a bug in evaluation must not kill the server: fail this batch's requests, keep serving
                for (Pending p : batch) p.answer().completeExceptionally(e);
            }
        }
    }

    /** Evaluates one batch, answering each row when it stops. */
    private void runBatch(List<Pending> batch, boolean adaptive) {
        long start = System.nanoTime();
        inBatch = batch.size();
        float[] x = new float[batch.size() * inputSize];
        for (int i = 0; i < batch.size(); i++) System.arraycopy(batch.get(i).input(), 0, x, i * inputSize, inputSize);
        try (var noGrad = Autograd.noGrad();
             StagedRun run = model.start(Tensor.of(x, batch.size(), channels, resolution, resolution))) {
            List<Pending> active = new ArrayList<>(batch);
            int[] previous = new int[batch.size()];   // each active row's class after the previous stage
            Arrays.fill(previous, -1);
            for (int s = 1; s <= stages && !active.isEmpty(); s++) {
                long t0 = System.nanoTime();
                stageEndsAt = t0 + timer.expectedNanos(s, active.size());
                StagedRun.StageOutput out = run.advance();
                float[] z = out.prediction().toArray();
                long now = System.nanoTime();
                timer.record(s, active.size(), now - t0);
                int k = out.prediction().dim(1);
                StageFeatures[] features = StageFeatures.ofRows(out.prediction(), out.latest(), previous, s, stages);
                boolean load = adaptive && settings.fixedMembers() == 0 && s < stages && queueWouldMissDeadlines(now, s + 1, active.size());
                long nextStage = s < stages ? timer.predictNanos(s + 1, active.size()) : 0;
                int[] keep = new int[active.size()];
                int kept = 0;
                for (int i = 0; i < active.size(); i++) {
                    Pending p = active.get(i);
                    String reason = stopReason(s, stages, p.cap(), p.capReason(),
                            policy != null && policy.stop(features[i]), now + nextStage, p.deadline(), load);
                    if (reason == null) {
                        keep[kept++] = i;
                    } else if (adaptive) {
                        p.answer().complete(new Prediction(Metrics.argmax(z, i * k, k), Prediction.softmax(z, i * k, k), s,
                                cost[s - 1], (start - p.arrival()) / 1e6, (now - start) / 1e6, reason));
                    }
                }
                if (kept == 0 || s == stages) break;
                if (kept < active.size()) {
                    keep = Arrays.copyOf(keep, kept);
                    run.retain(keep);
                    List<Pending> a = new ArrayList<>(kept);
                    int[] prev = new int[kept];
                    for (int i = 0; i < kept; i++) {
                        a.add(active.get(keep[i]));
                        prev[i] = previous[keep[i]];
                    }
                    active = a;
                    previous = prev;
                }
            }
        } finally {
            inBatch = 0;
            stageEndsAt = 0;
        }
    }

    /**
     * Why a row stops after stage {@code stage}, or null when it goes on; the rules in order.
     *
     * @param nextStageEnd when the next stage would end if the row went on (System.nanoTime scale)
     * @param load         whether going on would make the waiting requests miss their deadlines
     */
    static String stopReason(int stage, int stages, int cap, String capReason, boolean policyStops, long nextStageEnd,
                             long deadline, boolean load) {
        if (stage >= stages) return "last";
        if (stage >= cap) return capReason;
        if (policyStops) return "policy";
        if (nextStageEnd > deadline) return "deadline";
        return load ? "load" : null;
    }

    /**
     * True when computing stage {@code next} for {@code rows} rows, and then stage 1 for everyone
     * waiting, would end after the earliest deadline among the waiting requests.
     */
    private boolean queueWouldMissDeadlines(long now, int next, int rows) {
        long earliest = Long.MAX_VALUE;
        int waiting = 0;
        for (Pending p : queue) {
            earliest = Math.min(earliest, p.deadline());
            waiting++;
        }
        if (waiting == 0) return false;
        return delaysTheQueuePastItsDeadline(now, timer.predictNanos(next, rows), timer.predictNanos(1, waiting), earliest);
    }

    /**
     * The load rule's arithmetic: going on costs {@code nextStageNanos} now, after which everyone
     * waiting still needs {@code firstStageNanos} for their first member; true when that ends after
     * the earliest waiting deadline ({@code Long.MAX_VALUE}: none has a deadline, never true).
     */
    static boolean delaysTheQueuePastItsDeadline(long now, long nextStageNanos, long firstStageNanos, long earliestDeadline) {
        return earliestDeadline != Long.MAX_VALUE && now + nextStageNanos + firstStageNanos > earliestDeadline;
    }
}
