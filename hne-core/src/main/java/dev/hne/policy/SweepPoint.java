package dev.hne.policy;

/**
 * One point of an accuracy/cost curve of adaptive evaluation: a policy kind ("fixed", "threshold",
 * "learned"), its parameter (n, the budget in MMACs, or the trade-off lambda), what it did on the
 * test split (measured) and, for calibrated policies, on the held-out split (simulated; null for fixed n).
 */
public record SweepPoint(String kind, double parameter, Outcome test, Outcome holdout) {}
