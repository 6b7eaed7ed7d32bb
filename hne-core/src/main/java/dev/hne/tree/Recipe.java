package dev.hne.tree;

import java.util.Arrays;
import java.util.Locale;

/**
 * The paper's training recipes as data: what {@code ./hne train} uses for every option the user
 * leaves out. Paper 001, Sec. 4.1 ("Hyper-parameter settings") and Sec. 4.3 (ImageNet):
 * <pre>
 *   CIFAR     SGD lr 0.1, momentum 0.9, cosine, 200 epochs, batch 128, weight decay 5e-4, alpha 0.5
 *   IMAGENET  SGD lr 0.1, momentum 0.9, lr halved at epochs 60, 90, 110, 125, 135, 145, 150 epochs,
 *             batch 450, weight decay 1e-5, alpha 0.75 (hierarchical co-distillation, Sec. 4.3)
 * </pre>
 * Both distil at temperature T = 2. What it is not: the training loop's settings record
 * ({@code dev.hne.train.TrainConfig}), which holds what one run actually used.
 *
 * @param milestones multistep: epochs where the lr is multiplied by {@code gamma} (kept for cosine too,
 *                   where they are unused, so a run records the same settings whichever schedule it picks)
 * @param alpha      the distillation weight: (1 - alpha) L_I + alpha L_D or L_HD
 */
public record Recipe(String name, int epochs, int batch, double lr, float momentum, float weightDecay,
                     Schedule schedule, int[] milestones, double gamma, float alpha, float temperature) {

    /** The learning-rate schedules a recipe or {@code --schedule} can name. */
    public enum Schedule {
        /** lr 0.5 (1 + cos(pi t / epochs)) times the initial one. */
        COSINE,
        /** The initial lr, multiplied by gamma at each milestone. */
        MULTISTEP;

        /** The name {@code --schedule} takes and checkpoints record: "cosine", "multistep". */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the choices, for any other name */
        public static Schedule parse(String name) {
            for (Schedule s : values()) {
                if (s.cliName().equals(name)) return s;
            }
            throw new IllegalArgumentException("unknown --schedule '" + name + "'; use cosine or multistep");
        }
    }

    /** ImageNet's lr drops; CIFAR records the same list (its cosine schedule ignores it). */
    private static final int[] PAPER_MILESTONES = {60, 90, 110, 125, 135, 145};

    public static final Recipe CIFAR = new Recipe("cifar", 200, 128, 0.1, 0.9f, 5e-4f, Schedule.COSINE,
            PAPER_MILESTONES, 0.5, 0.5f, 2f);

    public static final Recipe IMAGENET = new Recipe("imagenet", 150, 450, 0.1, 0.9f, 1e-5f, Schedule.MULTISTEP,
            PAPER_MILESTONES, 0.5, 0.75f, 2f);

    public Recipe {
        milestones = milestones.clone();
    }

    /** The recipe the paper trains an architecture with: ImageNet's for mobilenet-hne, CIFAR's otherwise. */
    public static Recipe forArch(String arch) {
        return arch.startsWith("mobilenet") ? IMAGENET : CIFAR;
    }

    @Override
    public int[] milestones() {
        return milestones.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Recipe r && r.name.equals(name) && r.epochs == epochs && r.batch == batch
                && Double.compare(r.lr, lr) == 0 && Float.compare(r.momentum, momentum) == 0
                && Float.compare(r.weightDecay, weightDecay) == 0 && r.schedule == schedule
                && Arrays.equals(r.milestones, milestones) && Double.compare(r.gamma, gamma) == 0
                && Float.compare(r.alpha, alpha) == 0 && Float.compare(r.temperature, temperature) == 0;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(milestones);
    }
}
