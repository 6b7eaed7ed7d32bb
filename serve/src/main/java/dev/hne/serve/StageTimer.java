package dev.hne.serve;

/**
 * The server's clock for planning: how long a stage will take, predicted from the cost model and a
 * time per MMAC measured online, with a margin that grows with how much that time varies.
 *
 * <pre>
 *   work(s, rows)    = rows * (cost[s] - cost[s - 1])          MMACs the stage adds for this batch
 *   measured sample  = nanoseconds of the stage / work           after every stage the server runs
 *   mean            += ALPHA * (sample - mean)                   exponential moving averages of the
 *   deviation       += BETA * (|sample - mean| - deviation)      time per MMAC and of its deviation
 *   predict(s, rows) = max(SAFETY * mean, mean + K * deviation) * work(s, rows)
 * </pre>
 * The margin is TCP's retransmission timer (Jacobson 1988, RFC 6298: SRTT + 4 RTTVAR): on a quiet
 * machine the deviation is small and the prediction is the mean plus 25%; on a busy one, where a
 * stage sometimes takes several times its mean because the worker thread waits for a core, the
 * deviation grows and the server plans with the slow stages in mind, so that deadlines are met,
 * not just hit on average. The deviation is updated with the error against the mean BEFORE the
 * sample is folded in, as RFC 6298 does.
 *
 * <p>One number for the whole model: stages that add a leaf and stages that add a whole branch run
 * at somewhat different speeds, and small batches use the cores less well than large ones; the
 * averages follow the batch sizes the current load produces, and the deviation covers the rest.
 */
final class StageTimer {

    /** Weight of the newest sample in the mean: about the last ten stages matter. */
    static final double ALPHA = 0.1;
    /** Weight of the newest error in the deviation (RFC 6298's beta). */
    static final double BETA = 0.25;
    /** Deviations of margin (RFC 6298's K). */
    static final double K = 4;
    /** The least margin: predictions are at least this much longer than the mean. */
    static final double SAFETY = 1.25;

    private final double[] cost;   // cumulative MMACs per image at the end of stage s, at [s - 1]
    private double mean = Double.NaN;
    private double deviation;

    StageTimer(double[] cost) {
        this.cost = cost.clone();
    }

    /** MMACs per image that stage s (1-based) adds to the stages before it. */
    double stageMMacs(int stage) {
        return cost[stage - 1] - (stage > 1 ? cost[stage - 2] : 0);
    }

    /** One stage of {@code rows} rows took {@code nanos}. */
    synchronized void record(int stage, int rows, long nanos) {
        double sample = nanos / (rows * stageMMacs(stage));
        if (Double.isNaN(mean)) {
            mean = sample;
            deviation = sample / 2;   // RFC 6298's first RTTVAR: R / 2
        } else {
            deviation += BETA * (Math.abs(sample - mean) - deviation);
            mean += ALPHA * (sample - mean);
        }
    }

    /** Forgets every sample: the next one starts the averages afresh (after warm-up). */
    synchronized void forget() {
        mean = Double.NaN;
        deviation = 0;
    }

    /** Predicted nanoseconds of stage s for {@code rows} rows; 0 before anything was measured. */
    synchronized long predictNanos(int stage, int rows) {
        if (Double.isNaN(mean) || rows == 0) return 0;
        return (long) (Math.max(SAFETY * mean, mean + K * deviation) * rows * stageMMacs(stage));
    }

    /** The mean time per MMAC (NaN before the first stage ran), for /metrics. */
    synchronized double nanosPerMMac() {
        return mean;
    }

    /** Its mean deviation, for /metrics. */
    synchronized double deviationNanosPerMMac() {
        return Double.isNaN(mean) ? Double.NaN : deviation;
    }
}
