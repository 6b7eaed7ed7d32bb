package dev.hne.bench;

import java.util.Arrays;

/**
 * The ratio of two engines' times measured in alternating blocks (A, B, then B, A, ...), so that
 * both see the same machine: on a VM whose speed drifts 1.5x within minutes (measured on a 2-vCPU
 * AMD EPYC: the same jar 0.63 and 1.05 ms in two JMH runs four minutes apart), the ratio of neighbouring
 * blocks is steady where the ratio of two separate runs is not. Swapping the order every round
 * cancels a drift that is steady within a round; the median over rounds drops the rounds a burst
 * of load hit. For bench reports ({@code OrtPairedTiming}); JMH remains the reference for one engine.
 */
public final class PairedRounds {

    /** One block of an engine's work, timed: returns its median ms per call. */
    @FunctionalInterface
    public interface Block {
        double medianMs() throws Exception;
    }

    /** One call of an engine. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    /** Each round's medians of A and B, in ms. */
    public record Round(double a, double b) {
        public double ratio() {
            return a / b;
        }
    }

    private PairedRounds() {}

    /** {@code rounds} rounds, A first in even rounds and B first in odd ones. */
    public static Round[] run(Block a, Block b, int rounds) throws Exception {
        Round[] out = new Round[rounds];
        for (int r = 0; r < rounds; r++) {
            double ta, tb;
            if (r % 2 == 0) {
                ta = a.medianMs();
                tb = b.medianMs();
            } else {
                tb = b.medianMs();
                ta = a.medianMs();
            }
            out[r] = new Round(ta, tb);
        }
        return out;
    }

    /** The median of A / B over the rounds from {@code skip} on (the first ones are the JIT's warm-up). */
    public static double medianRatio(Round[] rounds, int skip) {
        if (skip < 0 || skip >= rounds.length) {
            throw new IllegalArgumentException("skip must be in [0, " + rounds.length + "), got " + skip);
        }
        double[] r = Arrays.stream(rounds, skip, rounds.length).mapToDouble(Round::ratio).sorted().toArray();
        return r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
    }

    /** The median ms per call of {@code reps} calls of {@code step}. */
    public static double medianMs(Step step, int reps) throws Exception {
        long[] t = new long[reps];
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            step.run();
            t[i] = System.nanoTime() - s;
        }
        Arrays.sort(t);
        return t[reps / 2] / 1e6;
    }
}
