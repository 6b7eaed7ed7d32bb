package dev.hne.ann;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongToDoubleFunction;

/**
 * The exit-loss weights "that oscillate during training" of Hu, Dey, Bagnell and Hebert, "Anytime
 * Neural Network: a Versatile Trade-off Between Computation and Accuracy" (arXiv 1708.06832v2, Oct
 * 2017, the version in ../shared/papers/003; docs/ann.md §3 says where each detail comes from). Two
 * parts:
 *
 * <pre>
 *   SIEVE base weights B (fixed): start from 0; for step = 1, 2, 4, ... < E, add 1 to every
 *       step-th exit counting back from the last; then give the last exit the sum of all the
 *       others, and scale so the weights sum to the number of rounds. E = 4 exits: 0.25, 0.5, 0.25, 1;
 *       E = 3: 2/3, 1/3, 1. Half of the total always sits on the final exit.
 *   oscillation, every training step t: draw one exit j with probability B_j / sum B and add
 *       half of sum B to its weight for this step:   B(t) = B + (sum B / 2) e_j
 *       (step 1 draws the last exit, as the authors' code starts there).
 * </pre>
 * The draw of step t is a pure function of (seed, t), so the only state is the step count, which
 * the checkpoint stores: a resumed run draws exactly what an uninterrupted one would. The weights
 * are plain numbers in the objective ({@link AnnLoss}); the losses themselves are not used.
 */
public final class OscillatingWeights implements ExitWeighting {

    static final String STEPS_KEY = "oscillating_steps";

    private final double[] base;                    // B, exit 1 first
    private final LongToDoubleFunction uniform;     // step t (>= 2) -> a number in [0, 1)
    private long steps;

    /** @param uniform the number in [0, 1) that picks the exit of step t, for t >= 2 */
    public OscillatingWeights(int exits, LongToDoubleFunction uniform) {
        if (exits < 1) {
            throw new IllegalArgumentException("oscillating weights need at least one exit, got " + exits);
        }
        this.base = sieve(exits);
        this.uniform = uniform;
    }

    /** The draws of the run with this seed. */
    public static OscillatingWeights seeded(int exits, long seed) {
        return new OscillatingWeights(exits, t -> new SplittableRandom(seed * 0x9E3779B97F4A7C15L + t).nextDouble());
    }

    /** SIEVE: the fixed part of the weights for E exits (exit 1 first), as described above. */
    public static double[] sieve(int exits) {
        double[] w = new double[exits];   // w[p] belongs to exit E - p (counted back from the last)
        int rounds = 0;
        for (int step = 1; step < exits; step *= 2, rounds++) {
            for (int p = 0; p < exits; p += step) w[p] += 1;
        }
        if (rounds == 0) {
            return new double[] {1.0};
        }
        double others = 0;
        for (int p = 1; p < exits; p++) others += w[p];
        w[0] = others;
        double scale = (2 * others) / rounds;   // the sum is 2 * others; make it `rounds`
        double[] byExit = new double[exits];
        for (int p = 0; p < exits; p++) byExit[exits - 1 - p] = w[p] / scale;
        return byExit;
    }

    /** The exit (0-based) whose weight is raised at step t (1-based). */
    int drawn(long step) {
        if (step == 1) {
            return base.length - 1;
        }
        double u = uniform.applyAsDouble(step), sum = 0;
        for (double b : base) sum += b;
        double cumulative = 0;
        for (int j = 0; j < base.length; j++) {
            cumulative += base[j] / sum;
            if (u < cumulative) return j;
        }
        return base.length - 1;   // u within rounding of 1
    }

    @Override
    public double[] next(double[] exitLosses) {
        if (exitLosses.length != base.length) {
            throw new IllegalArgumentException("oscillating weights for " + base.length + " exits, got "
                    + exitLosses.length + " losses");
        }
        steps++;
        double sum = 0;
        for (double b : base) sum += b;
        double[] w = base.clone();
        w[drawn(steps)] += sum / 2;
        return w;
    }

    public double[] base() {
        return base.clone();
    }

    public long steps() {
        return steps;
    }

    @Override
    public String cliName() {
        return "oscillating";
    }

    @Override
    public String label() {
        return "oscillating (SIEVE)";
    }

    @Override
    public Map<String, String> state() {
        return Map.of(STEPS_KEY, Long.toString(steps));
    }

    @Override
    public void loadState(Map<String, String> metadata) {
        String s = metadata.get(STEPS_KEY);
        if (s == null) {
            throw new IllegalArgumentException("no '" + STEPS_KEY + "' (oscillating weights state) in the metadata");
        }
        try {
            steps = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unreadable '" + STEPS_KEY + "': " + s);
        }
    }

    @Override
    public String toString() {
        return "OscillatingWeights" + Arrays.toString(base) + " after " + steps + " steps";
    }
}
