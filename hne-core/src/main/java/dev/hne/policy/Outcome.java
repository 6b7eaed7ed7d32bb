package dev.hne.policy;

/**
 * What a policy did on a set of examples: accuracy, the AVERAGE MMACs per example (each example
 * charged the cumulative cost of the stage it stopped at), how many stopped at each stage, and, when
 * measured, the wall-clock milliseconds per example and the CPU milliseconds the process spent per
 * example (NaN for a simulation on a {@link StageTable}). On a machine shared with other jobs the
 * wall clock also counts the time this process waited for a core; the CPU time does not, so it is
 * the steadier of the two for comparing policies (it does include the JVM's GC and JIT threads).
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
        if (again.examples != examples || again.accuracy != accuracy || !java.util.Arrays.equals(again.exits, exits)) {
            throw new IllegalArgumentException("not the same evaluation: " + this + " and " + again);
        }
        return new Outcome(label, examples, accuracy, averageMMacs, (msPerExample + again.msPerExample) / 2,
                (cpuMsPerExample + again.cpuMsPerExample) / 2, exits);
    }

    /** CPU time of the whole process so far (all threads), in nanoseconds; 0 where the JVM cannot tell. */
    public static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? Math.max(0, sun.getProcessCpuTime()) : 0;
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
