package dev.hne.anytime;

import dev.hne.engine.Tensor;
import java.util.List;

/**
 * The ensemble prediction: the MEAN OF THE LOGITS of its members, as the paper's Eq. 5 averages
 * the network outputs F(x) and Eq. 11 then "normalises" the average into soft labels, i.e. the
 * outputs averaged are unnormalised scores. Differentiable.
 */
public final class Ensemble {

    private Ensemble() {}

    /** mean_j logits[j]: each (N, K) -> (N, K). */
    public static Tensor mean(List<Tensor> logits) {
        if (logits.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        Tensor sum = logits.get(0);
        for (int i = 1; i < logits.size(); i++) sum = sum.add(logits.get(i));
        return logits.size() == 1 ? sum : sum.scale(1f / logits.size());
    }
}
