package dev.hne.ann;

import java.util.Map;

/**
 * How the exit losses of an anytime network are weighted in its training objective
 * sum_i B_i l_i (Hu et al., "Anytime Neural Network", the weighted sum of auxiliary losses). Called
 * once per training step with that step's exit losses; returns the weights B_i for this step, which
 * the objective treats as constants (no gradient flows through them).
 *
 * <p>A weighting may keep state across steps (AdaLoss keeps running averages); {@link #state} and
 * {@link #loadState} put it into and out of the checkpoint's metadata, so a resumed run continues
 * with exactly the weights an uninterrupted one would have used.
 */
public interface ExitWeighting {

    /** @param exitLosses l_i of this step, exit 1 first (mean cross-entropy over the batch) */
    double[] next(double[] exitLosses);

    /** "adaloss", "constant" or "oscillating": the CLI's spelling, stored in checkpoints. */
    String cliName();

    /** For reports: "AdaLoss" or "constant weights". */
    String label();

    /** State to store in the checkpoint metadata (strings that round-trip exactly). */
    Map<String, String> state();

    /**
     * Restores {@link #state} from checkpoint metadata.
     *
     * @throws IllegalArgumentException naming the key when a value is missing or unreadable
     */
    void loadState(Map<String, String> metadata);

    /** The weightings the CLI offers ({@code --ann-weights}), by the names checkpoints store. */
    enum Kind {
        ADALOSS("adaloss"),
        CONSTANT("constant"),
        OSCILLATING("oscillating");

        /** The names {@link #parse} knows, for messages and --help. */
        public static final String NAMES = "adaloss, constant or oscillating";

        private final String cliName;

        Kind(String cliName) {
            this.cliName = cliName;
        }

        /** "adaloss", "constant" or "oscillating": the CLI's spelling, stored in checkpoints. */
        public String cliName() {
            return cliName;
        }

        /** The weighting of this kind for a network with {@code exits} exits, in the run with this seed. */
        public ExitWeighting create(int exits, long seed) {
            return switch (this) {
                case ADALOSS -> AdaLoss.paperDefaults(exits);
                case CONSTANT -> ConstantWeights.ones(exits);
                case OSCILLATING -> OscillatingWeights.seeded(exits, seed);
            };
        }

        /** @throws IllegalArgumentException naming --ann-weights for a name that is none of {@link #NAMES} */
        public static Kind parse(String name) {
            for (Kind k : values()) {
                if (k.cliName.equals(name)) return k;
            }
            throw new IllegalArgumentException("unknown --ann-weights '" + name + "'; use " + NAMES);
        }
    }
}
