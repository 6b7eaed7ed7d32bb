package dev.hne.train;

import dev.hne.tree.Recipe;
import java.util.Arrays;

/**
 * How the weights are trained: SGD's settings and the learning-rate schedule.
 *
 * @param schedule     cosine or multistep (milestones, gamma); warmupEpochs > 0 wraps it in a linear warm-up
 * @param milestones   multistep: epochs where the lr is multiplied by gamma (recorded for cosine too)
 */
public record OptimConfig(int epochs, int batch, double lr, float momentum, boolean nesterov, float weightDecay,
                          Recipe.Schedule schedule, int[] milestones, double gamma, double warmupEpochs) {

    public OptimConfig {
        SettingChecks.atLeast("--epochs", epochs, 1);
        SettingChecks.atLeast("--batch", batch, 1);
        SettingChecks.positive("--lr", lr);
        SettingChecks.within("--momentum", momentum, 0, 1, false);
        SettingChecks.nonNegative("--weight-decay", weightDecay);
        SettingChecks.positive("--gamma", gamma);
        SettingChecks.nonNegative("--warmup", warmupEpochs);
        SettingChecks.increasing("--milestones", milestones);
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("--nesterov needs --momentum > 0");
        }
        milestones = milestones.clone();
    }

    /** A recipe's optimiser, for {@code epochs} epochs (no warm-up, plain momentum). */
    public static OptimConfig of(Recipe r, int epochs) {
        return new OptimConfig(epochs, r.batch(), r.lr(), r.momentum(), false, r.weightDecay(), r.schedule(),
                r.milestones(), r.gamma(), 0);
    }

    @Override
    public int[] milestones() {
        return milestones.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptimConfig c && c.epochs == epochs && c.batch == batch && Double.compare(c.lr, lr) == 0
                && Float.compare(c.momentum, momentum) == 0 && c.nesterov == nesterov
                && Float.compare(c.weightDecay, weightDecay) == 0 && c.schedule == schedule
                && Arrays.equals(c.milestones, milestones) && Double.compare(c.gamma, gamma) == 0
                && Double.compare(c.warmupEpochs, warmupEpochs) == 0;
    }

    @Override
    public int hashCode() {
        return (epochs * 31 + batch) * 31 + Arrays.hashCode(milestones);
    }
}
