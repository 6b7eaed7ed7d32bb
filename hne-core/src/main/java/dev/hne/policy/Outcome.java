package dev.hne.policy;

/**
 * What a policy did on a set of examples: accuracy, the AVERAGE MMACs per example (each example
 * charged the cumulative cost of the stage it stopped at), how many stopped at each stage, and, when
 * measured, the wall-clock milliseconds per example (NaN for a simulation on a {@link StageTable}).
 *
 * @param exits examples that stopped after stage s, at [s - 1]
 */
public record Outcome(String label, int examples, double accuracy, double averageMMacs, double msPerExample,
                      int[] exits) {

    public Outcome {
        exits = exits.clone();
    }

    @Override
    public int[] exits() {
        return exits.clone();
    }

    /** Running sums over batches, turned into an {@link Outcome} at the end. */
    static final class Tally {
        private final int[] exits;
        private int examples;
        private int correct;
        private double mmacs;
        private long nanos;

        Tally(int stages) {
            exits = new int[stages];
        }

        void stop(int stage, boolean right, double cumulativeMMacs) {
            exits[stage - 1]++;
            examples++;
            if (right) correct++;
            mmacs += cumulativeMMacs;
        }

        void time(long ns) {
            nanos += ns;
        }

        Outcome outcome(String label, boolean timed) {
            double n = Math.max(1, examples);
            return new Outcome(label, examples, correct / n, mmacs / n, timed ? nanos / 1e6 / n : Double.NaN, exits);
        }
    }
}
