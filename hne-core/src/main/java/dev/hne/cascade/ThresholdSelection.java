package dev.hne.cascade;

import dev.hne.policy.StageFeatures;
import dev.hne.policy.ThresholdPolicy;
import java.util.Locale;

/**
 * The baseline selector: after network m, exit if the answer's confidence reaches t_m, else go to
 * the next network (never jump). The thresholds are those of {@link ThresholdPolicy} calibrated on
 * the cascade seen as stages ({@link SelectionTable#withoutJumps}), for a budget of average MMACs.
 */
public record ThresholdSelection(ThresholdPolicy thresholds) implements SelectionPolicy {

    @Override
    public Action decide(StageFeatures f) {
        return thresholds.stop(f) ? Action.EXIT : Action.NEXT;
    }

    @Override
    public String label() {
        return String.format(Locale.ROOT, "threshold selection, budget %.2f MMACs", thresholds.budget());
    }
}
