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

    /** The names {@link #parse} knows, for messages and --help. */
    String NAMES = "adaloss, constant or oscillating";

    /** The weighting the CLI names, for a network with {@code exits} exits (for labels: the seed does not matter). */
    static ExitWeighting parse(String name, int exits) {
        return parse(name, exits, 0);
    }

    /** The weighting the CLI names, for a network with {@code exits} exits, in the run with this seed. */
    static ExitWeighting parse(String name, int exits, long seed) {
        return switch (name) {
            case "adaloss" -> AdaLoss.paperDefaults(exits);
            case "constant" -> ConstantWeights.ones(exits);
            case "oscillating" -> OscillatingWeights.seeded(exits, seed);
            default -> throw new IllegalArgumentException("unknown --ann-weights '" + name + "'; use " + NAMES);
        };
    }
}
