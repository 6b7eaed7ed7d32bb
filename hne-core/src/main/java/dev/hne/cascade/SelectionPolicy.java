package dev.hne.cascade;

import dev.hne.policy.StageFeatures;

/**
 * Network selection in a cascade (paper 002, Bolukbasi et al. 2017, "adaptive network selection"):
 * after network m has answered an image, return that answer, evaluate network m + 1, or jump past
 * it to network m + 2. The features' {@code stage()} is m and {@code stages()} the cascade's length;
 * the last network always exits whatever the policy says, and a jump from the last-but-one network
 * is read as "next".
 */
public interface SelectionPolicy {

    enum Action { EXIT, NEXT, JUMP }

    Action decide(StageFeatures features);

    /** For tables and plots. */
    String label();
}
