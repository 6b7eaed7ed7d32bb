package dev.hne.policy;

/**
 * What a policy did on a set of examples: accuracy, the AVERAGE MMACs per example (each example
 * charged the cumulative cost of the stage it stopped at), how many stopped at each stage, and, when
 * measured, the wall-clock milliseconds per example and the CPU milliseconds evaluation spent per
 * example ({@link ComputeCpuTime}; NaN for a simulation on a {@link StageTable}). On a machine shared
 * with other jobs the wall clock also counts the time this process waited for a core; the CPU time
 * does not, so it is the steadier of the two for comparing policies.
 *
 * @param exits examples that stopped after stage s, at [s - 1]
 */
public record Outcome(String label, int examples, double accuracy, double averageMMacs, double msPerExample,
                      double cpuMsPerExample, int[] exits) {

    public Outcome {
        exits = exits.clone();
    }

    @Override
    public int[] exits() {
        return exits.clone();
    }

    /**
     * The same evaluation measured twice (e.g. before and after the others, so that JIT warm-up and
     * changes in the machine's load do not favour whichever ran later): the mean of both timings.
     */
    public Outcome meanTimingWith(Outcome again) {
        return medianTiming(java.util.List.of(this, again));
    }

    /**
     * The same evaluation measured several times (interleaved with other evaluations, so that a slow
     * stretch of the machine falls on one measurement of each rather than on all of one): the median
     * wall time and the median CPU time (of two, their mean). The outcomes must agree on everything
     * but their timings.
     */
    public static Outcome medianTiming(java.util.List<Outcome> runs) {
        Outcome first = runs.get(0);
        double[] wall = new double[runs.size()], cpu = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            Outcome o = runs.get(i);
            if (o.examples != first.examples || o.accuracy != first.accuracy || !java.util.Arrays.equals(o.exits, first.exits)) {
                throw new IllegalArgumentException("not the same evaluation: " + first + " and " + o);
            }
            wall[i] = o.msPerExample;
            cpu[i] = o.cpuMsPerExample;
        }
        return new Outcome(first.label, first.examples, first.accuracy, first.averageMMacs, median(wall), median(cpu),
                first.exits);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /** Running sums over batches, turned into an {@link Outcome} at the end (also by the cascade's evaluator). */
    public static final class Tally {
        private final int[] exits;
        private int examples;
        private int correct;
        private double mmacs;
        private long nanos;
        private long cpuNanos;

        public Tally(int stages) {
            exits = new int[stages];
        }

        public void stop(int stage, boolean right, double cumulativeMMacs) {
            exits[stage - 1]++;
            examples++;
            if (right) correct++;
            mmacs += cumulativeMMacs;
        }

        public void time(long wallNs, long cpuNs) {
            nanos += wallNs;
            cpuNanos += cpuNs;
        }

        public Outcome outcome(String label, boolean timed) {
            double n = Math.max(1, examples);
            return new Outcome(label, examples, correct / n, mmacs / n, timed ? nanos / 1e6 / n : Double.NaN,
                    timed ? cpuNanos / 1e6 / n : Double.NaN, exits);
        }
    }
}
