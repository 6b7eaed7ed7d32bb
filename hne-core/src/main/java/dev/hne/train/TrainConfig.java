package dev.hne.train;

import dev.hne.loss.LossConfig;
import dev.hne.loss.Objective;
import dev.hne.loss.SoftScale;
import dev.hne.report.Json;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that determines a training run, as plain data. {@code ./hne train} fills it from its
 * options; the checkpoint stores it (as metadata strings), so {@code --resume} can check that it
 * continues the same run and {@code ./hne eval} can rebuild the tree.
 *
 * <p>What makes a run reproducible: the weights are initialised from {@code seed} alone, and the
 * loader's order and augmentation are pure functions of (seed, epoch). So there is no random-number
 * stream to save: the state after epoch e is the weights, the batch-norm statistics and the SGD
 * velocities, and epoch e + 1 can be replayed exactly.
 *
 * @param arch         resnet-hne, resnet-hne-small or mobilenet-hne
 * @param levels       tree levels to keep (B + 1; 0 = all of the architecture's): 3 gives N = 4 leaves
 * @param widthDivisor every channel count divided by this (1 = the architecture as published)
 * @param trainSize    use the first trainSize training images (0 = all); for synthetic data, its size
 * @param testSize     use the first testSize test images (0 = all)
 * @param schedule     "cosine" or "multistep" (milestones, gamma); warmupEpochs > 0 wraps it in a warm-up
 * @param workers      loader threads (0 = the training thread builds the batches)
 * @param holdout      keep the LAST holdout images of the training file out of training: the held-out
 *                     split that early-exit policies are calibrated on (docs/anytime.md); 0 = none
 * @param annWeights   for the anytime networks (ann-resnet...): "adaloss" or "constant" exit-loss weights;
 *                     ignored for HNEs (their objective is {@code objective})
 * @param softScale    what the distillation objectives' soft terms are multiplied by (1 or T^2)
 * @param topology     the tree's shape ({@link dev.hne.tree.Topology#parse}): "hne", or the paper's
 *                     Fig. 5 baselines "independent" and "multi-branch[:K]" with the same members
 */
public record TrainConfig(String arch, int levels, int widthDivisor, String dataset, Path dataDir, int trainSize,
                          int testSize, Objective objective, float alpha, float temperature, int epochs, int batch,
                          double lr, float momentum, boolean nesterov, float weightDecay, String schedule,
                          int[] milestones, double gamma, double warmupEpochs, long seed, int workers, int holdout,
                          String annWeights, SoftScale softScale, String topology) {

    /** The tree shape of every run before --topology: the HNE's binary tree. */
    public static final String HNE = "hne";

    public TrainConfig {
        milestones = milestones.clone();
    }

    /** An HNE (binary tree) run. */
    public TrainConfig(String arch, int levels, int widthDivisor, String dataset, Path dataDir, int trainSize,
                       int testSize, Objective objective, float alpha, float temperature, int epochs, int batch,
                       double lr, float momentum, boolean nesterov, float weightDecay, String schedule,
                       int[] milestones, double gamma, double warmupEpochs, long seed, int workers, int holdout,
                       String annWeights, SoftScale softScale) {
        this(arch, levels, widthDivisor, dataset, dataDir, trainSize, testSize, objective, alpha, temperature, epochs,
                batch, lr, momentum, nesterov, weightDecay, schedule, milestones, gamma, warmupEpochs, seed, workers,
                holdout, annWeights, softScale, HNE);
    }

    /** A run with the default soft scale (none: the paper's formula as printed). */
    public TrainConfig(String arch, int levels, int widthDivisor, String dataset, Path dataDir, int trainSize,
                       int testSize, Objective objective, float alpha, float temperature, int epochs, int batch,
                       double lr, float momentum, boolean nesterov, float weightDecay, String schedule,
                       int[] milestones, double gamma, double warmupEpochs, long seed, int workers, int holdout,
                       String annWeights) {
        this(arch, levels, widthDivisor, dataset, dataDir, trainSize, testSize, objective, alpha, temperature, epochs,
                batch, lr, momentum, nesterov, weightDecay, schedule, milestones, gamma, warmupEpochs, seed, workers,
                holdout, annWeights, SoftScale.NONE);
    }

    /** An HNE run without a held-out split. */
    public TrainConfig(String arch, int levels, int widthDivisor, String dataset, Path dataDir, int trainSize,
                       int testSize, Objective objective, float alpha, float temperature, int epochs, int batch,
                       double lr, float momentum, boolean nesterov, float weightDecay, String schedule,
                       int[] milestones, double gamma, double warmupEpochs, long seed, int workers) {
        this(arch, levels, widthDivisor, dataset, dataDir, trainSize, testSize, objective, alpha, temperature, epochs,
                batch, lr, momentum, nesterov, weightDecay, schedule, milestones, gamma, warmupEpochs, seed, workers, 0,
                "adaloss");
    }

    /** Whether this run trains an anytime network with exits rather than an HNE. */
    public boolean isAnn() {
        return Models.isAnn(arch);
    }

    @Override
    public int[] milestones() {
        return milestones.clone();
    }

    /** The loss of the objective with this run's alpha and temperature. */
    public LossConfig lossConfig() {
        return LossConfig.of(objective).withAlpha(alpha).withTemperature(temperature).withSoftScale(softScale);
    }

    /** The CLI's short loss names: i, h, ih, d, ihd (paper: L_I, L_H, L_I+L_H, L_I+L_D, L_I+L_HD). */
    public static Objective parseLoss(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "i" -> Objective.INDEPENDENT;
            case "h" -> Objective.HIERARCHICAL;
            case "ih" -> Objective.INDEPENDENT_HIERARCHICAL;
            case "d" -> Objective.CO_DISTILLATION;
            case "ihd" -> Objective.HIERARCHICAL_DISTILLATION;
            default -> {
                try {
                    yield Objective.parse(s);   // also the paper's names: LI, LI+LHD, ...
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown loss '" + s + "'; use i, h, ih, d or ihd");
                }
            }
        };
    }

    public static String lossName(Objective o) {
        return switch (o) {
            case INDEPENDENT -> "i";
            case HIERARCHICAL -> "h";
            case INDEPENDENT_HIERARCHICAL -> "ih";
            case CO_DISTILLATION -> "d";
            case HIERARCHICAL_DISTILLATION -> "ihd";
        };
    }

    /**
     * The settings that must be equal for a checkpoint to continue this run (everything except the
     * number of epochs, the data directory and the loader threads, which do not change the result).
     * Strings, as stored in the checkpoint's metadata.
     */
    public Map<String, String> identity() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("arch", arch);
        m.put("levels", "" + levels);
        m.put("width_divisor", "" + widthDivisor);
        m.put("dataset", dataset);
        m.put("train_size", "" + trainSize);
        m.put("test_size", "" + testSize);
        m.put("loss", isAnn() ? annWeights : lossName(objective));   // an ANN's objective is its exit weighting
        m.put("alpha", "" + alpha);
        m.put("temperature", "" + temperature);
        m.put("batch", "" + batch);
        m.put("lr", "" + lr);
        m.put("momentum", "" + momentum);
        m.put("nesterov", "" + nesterov);
        m.put("weight_decay", "" + weightDecay);
        m.put("schedule", schedule);
        m.put("milestones", Arrays.toString(milestones));
        m.put("gamma", "" + gamma);
        m.put("warmup_epochs", "" + warmupEpochs);
        m.put("seed", "" + seed);
        if (holdout > 0) m.put("holdout", "" + holdout);   // only when used, so older checkpoints still resume
        if (!topology.equals(HNE)) m.put("topology", topology);   // likewise: absent means the HNE tree
        if (isAnn()) {
            m.put("ann_weights", annWeights);   // only for ANNs, so HNE checkpoints written before it still resume
        } else {
            m.putAll(lossConfig().definitionMetadata());   // an old checkpoint reads as hne-loss/1 and cannot resume as 2
        }
        return m;
    }

    /** The whole configuration as a JSON object (for summary.json and the checkpoint). */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>(identity());
        m.put("epochs", epochs);
        m.put("data_dir", dataDir == null ? null : dataDir.toString());
        m.put("workers", workers);
        return Json.write(m);
    }
}
