package dev.hne.policy;

/**
 * Decides, after each stage of a {@link dev.hne.anytime.StagedModel}, whether an example stops
 * with its current prediction or goes on to the next stage. Every example stops at the last stage
 * whatever the policy says.
 */
public interface ExitPolicy {

    /** True to stop this example now. Called for stages 1..stages-1. */
    boolean stop(StageFeatures features);

    /** A short label for tables and plots, e.g. "threshold, budget 4.0 MMACs". */
    String label();
}
