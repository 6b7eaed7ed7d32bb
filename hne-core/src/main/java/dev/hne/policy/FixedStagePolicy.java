package dev.hne.policy;

/** The non-adaptive baseline: every example stops after stage n (an HNE's fixed n models). */
public record FixedStagePolicy(int n) implements ExitPolicy {

    public FixedStagePolicy {
        if (n < 1) {
            throw new IllegalArgumentException("a fixed policy stops after stage n >= 1, got " + n);
        }
    }

    @Override
    public boolean stop(StageFeatures features) {
        return features.stage() >= n;
    }

    @Override
    public String label() {
        return "fixed n = " + n;
    }
}
