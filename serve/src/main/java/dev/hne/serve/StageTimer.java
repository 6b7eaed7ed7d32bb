package dev.hne.serve;

/**
 * The server's clock for planning: how long a stage will take, predicted from the cost model and a
 * time per MMAC measured online, with a margin that grows with how much that time varies.
 *
 * <pre>
 *   work(s, rows)    = rows * (cost[s] - cost[s - 1])            MMACs the stage adds for this batch
 *   after each stage that took `nanos` for `work` MMACs:
 *     error          = |nanos - mean * work|                      against the mean BEFORE this stage
 *     time          = (1 - ALPHA) * time + nanos,   work_m = (1 - ALPHA) * work_m + work
 *     errors        = (1 - BETA) * errors + error,  work_d = (1 - BETA) * work_d + work
 *   mean             = time / work_m                               nanoseconds per MMAC
 *   deviation        = errors / work_d                             its mean error, per MMAC
 *   predict(s, rows) = max(SAFETY * mean, mean + K * deviation) * work(s, rows)    planning a batch's stages
 *   expected(s, rows) = SAFETY * mean * work(s, rows)                           admission
 * </pre>
 * The margin is TCP's retransmission timer (Jacobson 1988, RFC 6298: SRTT + 4 RTTVAR): on a quiet
 * machine the deviation is small and the prediction is the mean plus 25%; on a busy one, where a
 * stage sometimes takes several times its mean because the worker thread waits for a core, the
 * deviation grows and the server plans with the slow stages in mind, so that deadlines are met,
 * not just hit on average. The first stage sets the mean and a deviation of half of it, as RFC
 * 6298's first measurement does.
 *
 * <p>Why sums of nanoseconds over sums of MMACs, not an average of each stage's nanoseconds per
 * MMAC: the stages differ in size by a hundred times (one row of a leaf, thirty-two rows of a
 * branch), and the small ones are the ones that a hiccup of the machine (a page fault, a core taken
 * away for a few milliseconds) multiplies. Averaged per stage, one such hiccup in a one-row stage
 * raised the prediction about seventy times and the server shed requests at half its capacity;
 * weighted by work, the same hiccup counts for its milliseconds against the milliseconds of the
 * last ten stages, which is what it costs the requests behind it.
 *
 * <p>One number for the whole model: stages that add a leaf and stages that add a whole branch run
 * at somewhat different speeds, and small batches use the cores less well than large ones; the
 * averages follow the batch sizes the current load produces, and the deviation covers the rest.
 */
final class StageTimer {

    /** Weight of the newest stage in the mean: about the last ten stages matter. */
    static final double ALPHA = 0.1;
    /** Weight of the newest error in the deviation (RFC 6298's beta). */
    static final double BETA = 0.25;
    /** Deviations of margin (RFC 6298's K). */
    static final double K = 4;
    /** The least margin: predictions are at least this much longer than the mean. */
    static final double SAFETY = 1.25;

    private final double[] cost;   // cumulative MMACs per image at the end of stage s, at [s - 1]
    private double time, meanWork;       // decayed sums of nanoseconds and MMACs, for the mean
    private double errors, errorWork;    // decayed sums of |error| nanoseconds and MMACs, for the deviation

    StageTimer(double[] cost) {
        this.cost = cost.clone();
    }

    /** MMACs per image that stage s (1-based) adds to the stages before it. */
    double stageMMacs(int stage) {
        return cost[stage - 1] - (stage > 1 ? cost[stage - 2] : 0);
    }

    /** One stage of {@code rows} rows took {@code nanos}. */
    synchronized void record(int stage, int rows, long nanos) {
        double work = rows * stageMMacs(stage);
        if (meanWork == 0) {
            time = nanos;
            meanWork = work;
            errors = nanos / 2.0;   // RFC 6298's first RTTVAR: R / 2
            errorWork = work;
        } else {
            errors = (1 - BETA) * errors + Math.abs(nanos - time / meanWork * work);
            errorWork = (1 - BETA) * errorWork + work;
            time = (1 - ALPHA) * time + nanos;
            meanWork = (1 - ALPHA) * meanWork + work;
        }
    }

    /** Forgets every stage: the next one starts the averages afresh (after warm-up). */
    synchronized void forget() {
        time = meanWork = errors = errorWork = 0;
    }

    /** Predicted nanoseconds of stage s for {@code rows} rows; 0 before anything was measured. */
    synchronized long predictNanos(int stage, int rows) {
        double mean = nanosPerMMac();
        return nanos(Math.max(SAFETY * mean, mean + K * deviationNanosPerMMac()), stage, rows);
    }

    /**
     * Expected nanoseconds of stage s for {@code rows} rows: the least margin only (SAFETY x the
     * mean), without the deviations; 0 before anything was measured. For admission, which asks
     * whether the queue is too long, not whether the machine might hiccup: a hiccup raises the
     * deviation for the next few stages, and with it the planning prediction several times over,
     * which refused requests behind a queue of three at half the sustained load.
     */
    synchronized long expectedNanos(int stage, int rows) {
        return nanos(SAFETY * nanosPerMMac(), stage, rows);
    }

    /** {@code perMMac} times the work of stage s for {@code rows} rows; 0 before anything was measured. */
    private long nanos(double perMMac, int stage, int rows) {
        return meanWork == 0 || rows == 0 ? 0 : (long) (perMMac * rows * stageMMacs(stage));
    }

    /** The mean time per MMAC (NaN before the first stage ran), for /metrics. */
    synchronized double nanosPerMMac() {
        return meanWork == 0 ? Double.NaN : time / meanWork;
    }

    /** Its mean deviation, for /metrics. */
    synchronized double deviationNanosPerMMac() {
        return meanWork == 0 ? Double.NaN : errors / errorWork;
    }
}
