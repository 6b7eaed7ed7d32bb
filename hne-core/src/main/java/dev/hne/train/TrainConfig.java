package dev.hne.train;

import dev.hne.ann.ExitWeighting;
import dev.hne.loss.LossConfig;
import dev.hne.loss.Objective;
import dev.hne.loss.SoftScale;
import dev.hne.report.Json;
import dev.hne.tree.Recipe;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Everything that determines a training run, as plain data in four parts: the network
 * ({@link ModelConfig}), the images ({@link DataConfig}), the optimiser and schedule
 * ({@link OptimConfig}) and the HNE's objective ({@link LossConfig}). {@code ./hne train} fills it from
 * its options; each part checks its own fields when it is made, with messages naming the option. The
 * checkpoint stores it (as metadata strings, {@link #identity}), so {@code --resume} can check that it
 * continues the same run and {@code ./hne eval} can rebuild the tree.
 *
 * <p>What makes a run reproducible: the weights are initialised from {@code seed} alone, and the
 * loader's order and augmentation are pure functions of (seed, epoch). So there is no random-number
 * stream to save: the state after epoch e is the weights, the batch-norm statistics and the SGD
 * velocities, and epoch e + 1 can be replayed exactly.
 *
 * @param loss       the HNE's objective with its alpha, temperature and soft scale; an anytime network
 *                   records it too (unused), so both kinds of run store the same keys
 * @param annWeights for the anytime networks (ann-resnet...): how the exit losses are weighted
 *                   ({@link ExitWeighting}); ignored for HNEs
 */
public record TrainConfig(ModelConfig model, DataConfig data, OptimConfig optim, LossConfig loss,
                          ExitWeighting.Kind annWeights, long seed) {

    /** The settings of a run of {@code arch} on {@code dataset} that the paper's recipe for it would use. */
    public static Builder builder(String arch, String dataset) {
        return new Builder(arch, dataset);
    }

    /** Whether this run trains an anytime network with exits rather than an HNE. */
    public boolean isAnn() {
        return model.isAnn();
    }

    /** The CLI's short loss names: i, h, ih, d, ihd (paper: L_I, L_H, L_I+L_H, L_I+L_D, L_I+L_HD). */
    public static Objective parseLoss(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
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
     * Strings, as stored in the checkpoint's metadata: these keys and their spelling are the checkpoint
     * format (docs/training.md), so checkpoints of older versions keep resuming and loading.
     */
    public Map<String, String> identity() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("arch", model.arch());
        m.put("levels", "" + model.levels());
        m.put("width_divisor", "" + model.widthDivisor());
        m.put("dataset", data.dataset());
        m.put("train_size", "" + data.trainSize());
        m.put("test_size", "" + data.testSize());
        m.put("loss", isAnn() ? annWeights.cliName() : lossName(loss.objective()));   // an ANN's objective is its exit weighting
        m.put("alpha", "" + loss.alpha());
        m.put("temperature", "" + loss.temperature());
        m.put("batch", "" + optim.batch());
        m.put("lr", "" + optim.lr());
        m.put("momentum", "" + optim.momentum());
        m.put("nesterov", "" + optim.nesterov());
        m.put("weight_decay", "" + optim.weightDecay());
        m.put("schedule", optim.schedule().cliName());
        m.put("milestones", Arrays.toString(optim.milestones()));
        m.put("gamma", "" + optim.gamma());
        m.put("warmup_epochs", "" + optim.warmupEpochs());
        m.put("seed", "" + seed);
        if (data.holdout() > 0) m.put("holdout", "" + data.holdout());   // only when used, so older checkpoints still resume
        if (!model.topology().equals(ModelConfig.HNE)) m.put("topology", model.topology());   // likewise: absent means the HNE tree
        if (isAnn()) {
            m.put("ann_weights", annWeights.cliName());   // only for ANNs, so HNE checkpoints written before it still resume
        } else {
            m.putAll(loss.definitionMetadata());   // an old checkpoint reads as hne-loss/1 and cannot resume as 2
        }
        return m;
    }

    /** The whole configuration as a JSON object (for summary.json and the checkpoint). */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>(identity());
        m.put("epochs", optim.epochs());
        m.put("data_dir", data.dir() == null ? null : data.dir().toString());
        m.put("workers", data.workers());
        return Json.write(m);
    }

    /**
     * A run's settings one at a time, starting from the paper's recipe for the architecture
     * ({@link Recipe#forArch}), the whole dataset, seed 0 and L_I + L_HD (AdaLoss for an anytime network).
     * For code and tests that change a few settings; {@link #build} checks them all.
     */
    public static final class Builder {
        private final String arch;
        private final String dataset;
        private int levels;
        private int widthDivisor = 1;
        private String topology = ModelConfig.HNE;
        private Path dataDir;
        private int trainSize;
        private int testSize;
        private int holdout;
        private int workers;
        private Objective objective = Objective.HIERARCHICAL_DISTILLATION;
        private float alpha;
        private float temperature;
        private SoftScale softScale = SoftScale.NONE;
        private ExitWeighting.Kind annWeights = ExitWeighting.Kind.ADALOSS;
        private int epochs;
        private int batch;
        private double lr;
        private float momentum;
        private boolean nesterov;
        private float weightDecay;
        private Recipe.Schedule schedule;
        private int[] milestones;
        private double gamma;
        private double warmupEpochs;
        private long seed;

        private Builder(String arch, String dataset) {
            this.arch = arch;
            this.dataset = dataset;
            Recipe r = Recipe.forArch(arch);
            alpha = r.alpha();
            temperature = r.temperature();
            epochs = r.epochs();
            batch = r.batch();
            lr = r.lr();
            momentum = r.momentum();
            weightDecay = r.weightDecay();
            schedule = r.schedule();
            milestones = r.milestones();
            gamma = r.gamma();
        }

        public Builder levels(int v) { levels = v; return this; }
        public Builder widthDivisor(int v) { widthDivisor = v; return this; }
        public Builder topology(String v) { topology = v; return this; }
        public Builder dataDir(Path v) { dataDir = v; return this; }
        /** The first {@code train} training and {@code test} test images (0 = all). */
        public Builder sizes(int train, int test) { trainSize = train; testSize = test; return this; }
        public Builder holdout(int v) { holdout = v; return this; }
        public Builder workers(int v) { workers = v; return this; }
        public Builder objective(Objective v) { objective = v; return this; }
        public Builder alpha(float v) { alpha = v; return this; }
        public Builder temperature(float v) { temperature = v; return this; }
        public Builder softScale(SoftScale v) { softScale = v; return this; }
        public Builder annWeights(ExitWeighting.Kind v) { annWeights = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batch(int v) { batch = v; return this; }
        public Builder lr(double v) { lr = v; return this; }
        public Builder momentum(float v) { momentum = v; return this; }
        public Builder nesterov(boolean v) { nesterov = v; return this; }
        public Builder weightDecay(float v) { weightDecay = v; return this; }
        public Builder schedule(Recipe.Schedule v) { schedule = v; return this; }
        public Builder milestones(int... v) { milestones = v.clone(); return this; }
        public Builder gamma(double v) { gamma = v; return this; }
        public Builder warmup(double epochs) { warmupEpochs = epochs; return this; }
        public Builder seed(long v) { seed = v; return this; }

        /** @throws IllegalArgumentException naming the option of the first setting out of range */
        public TrainConfig build() {
            return new TrainConfig(new ModelConfig(arch, levels, widthDivisor, topology),
                    new DataConfig(dataset, dataDir, trainSize, testSize, holdout, workers),
                    new OptimConfig(epochs, batch, lr, momentum, nesterov, weightDecay, schedule, milestones, gamma,
                            warmupEpochs),
                    LossConfig.of(objective).withAlpha(alpha).withTemperature(temperature).withSoftScale(softScale),
                    annWeights, seed);
        }
    }
}
