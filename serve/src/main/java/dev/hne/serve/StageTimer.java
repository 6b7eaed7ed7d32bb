package dev.hne.serve;

/**
 * The server's clock for planning: how long a stage will take, predicted from the cost model and a
 * time per MMAC measured online.
 *
 * <pre>
 *   work(s, rows)    = rows * (cost[s] - cost[s - 1])          MMACs the stage adds for this batch
 *   measured sample  = nanoseconds of the stage / work           after every stage the server runs
 *   nanosPerMMac     = exponential moving average of the samples (weight ALPHA on the newest)
 *   predict(s, rows) = SAFETY * nanosPerMMac * work(s, rows)
 * </pre>
 * One number for the whole model: stages that add a leaf and stages that add a whole branch run at
 * somewhat different speeds, and small batches use the cores less well than large ones; the moving
 * average follows the batch sizes the current load produces, and SAFETY covers the rest.
 */
final class StageTimer {

    /** Weight of the newest sample: about the last ten stages matter. */
    static final double ALPHA = 0.1;
    /** Predictions are this much longer than the average, so that a deadline is met, not just hit on average. */
    static final double SAFETY = 1.25;

    private final double[] cost;   // cumulative MMACs per image at the end of stage s, at [s - 1]
    private double nanosPerMMac = Double.NaN;

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
        nanosPerMMac = Double.isNaN(nanosPerMMac) ? sample : nanosPerMMac + ALPHA * (sample - nanosPerMMac);
    }

    /** Predicted nanoseconds of stage s for {@code rows} rows; 0 before anything was measured. */
    synchronized long predictNanos(int stage, int rows) {
        if (Double.isNaN(nanosPerMMac) || rows == 0) return 0;
        return (long) (SAFETY * nanosPerMMac * rows * stageMMacs(stage));
    }

    /** The current estimate (NaN before the first stage ran), for /metrics. */
    synchronized double nanosPerMMac() {
        return nanosPerMMac;
    }
}
