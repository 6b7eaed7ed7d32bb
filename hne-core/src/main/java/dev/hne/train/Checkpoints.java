package dev.hne.train;

import dev.hne.ann.ExitWeighting;
import dev.hne.engine.Tensor;
import dev.hne.engine.io.Checkpoint;
import dev.hne.engine.io.SafeTensors;
import dev.hne.engine.io.StateDictFile;
import dev.hne.engine.optim.Sgd;
import dev.hne.loss.LossConfig;
import dev.hne.tree.Architectures;
import dev.hne.tree.HneTree;
import dev.hne.tree.Topology;
import dev.hne.tree.TreeBuilder;
import dev.hne.tree.TreeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training checkpoints: ONE safetensors file per save, written atomically (temp file + rename, by
 * {@link SafeTensors#write}), so a run killed at any moment leaves the previous complete epoch.
 *
 * <pre>
 *   tensors   blocks.0.0.conv.weight ...            the tree's state dict (parameters and BN statistics),
 *                                                   PyTorch-style names: loadable as a plain state dict
 *             optimizer.velocity.blocks.0.0...      SGD momentum buffers, one per parameter
 *   metadata  format = hne-train-checkpoint/1, epoch = completed epochs, version,
 *             config = the run's settings as JSON, plus each setting under its own key (arch, loss, seed, ...)
 *             loss_definition, soft_scale            which formula the loss was (LossConfig.Definition); a
 *                                                   checkpoint without them reads as hne-loss/1 with t2
 *             in_channels, resolution, classes     the input the tree was built for
 *             history = one line per completed epoch ({@link EpochRecord#encode})
 *             the model's training state ({@link TrainableModel#trainingState}: AdaLoss running averages)
 *             rng = why there is no random state to save (loader and init are functions of the seed)
 *             mid_epoch_step ...                   mid-epoch.safetensors only: the position in the epoch ({@link MidEpoch})
 *             best_epoch, best_holdout_accuracy     with --holdout: the best epoch so far ({@link BestEpoch})
 * </pre>
 * Which files are written when: {@link CheckpointPolicy}.
 */
public final class Checkpoints {

    public static final String FORMAT = "hne-train-checkpoint/1";
    public static final String VELOCITY_PREFIX = "optimizer.velocity.";

    private Checkpoints() {}

    public static void save(Path file, TrainableModel model, Sgd sgd, TrainConfig config, int epochsDone,
                            List<EpochRecord> history) throws IOException {
        save(file, model, sgd, config, epochsDone, history, Map.of());
    }

    /**
     * As above, with {@code extra} metadata that does not define the run (so it is not checked on
     * resume): where the data came from, a data-parallel job's world size.
     */
    public static void save(Path file, TrainableModel model, Sgd sgd, TrainConfig config, int epochsDone,
                            List<EpochRecord> history, Map<String, String> extra) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.module().stateDict());
        sgd.state().forEach((k, t) -> tensors.put(VELOCITY_PREFIX + k, t));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("version", "hne 0.1.0");
        meta.put("epoch", Integer.toString(epochsDone));
        meta.putAll(config.identity());
        meta.put("epochs", Integer.toString(config.optim().epochs()));
        meta.put("config", config.toJson());
        meta.put("in_channels", "" + model.spec().inChannels());
        meta.put("resolution", "" + model.spec().resolution());
        meta.put("classes", "" + model.spec().classes());
        meta.putAll(model.trainingState());
        meta.put("rng", "none needed: init depends only on seed, batch order and augmentation only on (seed, epoch)");
        StringBuilder h = new StringBuilder();
        for (EpochRecord r : history) h.append(r.encode()).append('\n');
        meta.put("history", h.toString());
        meta.putAll(extra);
        Files.createDirectories(file.toAbsolutePath().getParent());
        StateDictFile.save(file, tensors, meta);
    }

    /** A checkpoint read back: metadata, model state and optimizer state, split apart. */
    public record Loaded(Path file, Map<String, String> metadata, Map<String, Tensor> model,
                         Map<String, Tensor> velocity) {

        public int epoch() {
            return getInt("epoch");
        }

        public String get(String key) {
            String v = metadata.get(key);
            if (v == null) {
                throw new CheckpointException(file + ": not a training checkpoint of this program (no '" + key
                        + "' in its metadata)");
            }
            return v;
        }

        public int getInt(String key) {
            try {
                return Integer.parseInt(get(key));
            } catch (NumberFormatException e) {
                throw new CheckpointException(file + ": metadata '" + key + "' is not a number: " + get(key));
            }
        }

        public long getLong(String key) {
            try {
                return Long.parseLong(get(key));
            } catch (NumberFormatException e) {
                throw new CheckpointException(file + ": metadata '" + key + "' is not a number: " + get(key));
            }
        }

        public List<EpochRecord> history() {
            List<EpochRecord> out = new ArrayList<>();
            try {
                for (String line : metadata.getOrDefault("history", "").split("\n")) {
                    if (!line.isBlank()) out.add(EpochRecord.decode(line));
                }
            } catch (RuntimeException e) {
                throw new CheckpointException(file + ": unreadable training history (" + e.getMessage() + ")");
            }
            return out;
        }

        /** Builds the tree the checkpoint was trained as, from its metadata, and loads its weights. */
        public HneTree buildTree() {
            HneTree tree;
            try {
                TreeSpec spec = Models.spec(get("arch"), new Architectures.Input(getInt("in_channels"),
                        getInt("resolution"), getInt("classes")), getInt("levels"), getInt("width_divisor"));
                String shape = metadata.getOrDefault("topology", ModelConfig.HNE);   // absent: written before --topology
                tree = TreeBuilder.build(spec, Topology.parse(shape, spec.levels()), 0);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(file + ": cannot rebuild its tree: " + e.getMessage());
            }
            loadInto(tree);
            return tree;
        }

        /**
         * Builds the model the checkpoint was trained as (an HNE or an anytime network), loads its
         * weights and its training state.
         */
        public TrainableModel buildModel() {
            String arch = get("arch");
            if (!Models.isAnn(arch)) {
                return new HneModel(buildTree(), objectiveConfig());
            }
            TrainableModel model;
            try {
                model = Models.build(arch, new Architectures.Input(getInt("in_channels"), getInt("resolution"),
                        getInt("classes")), getInt("levels"), getInt("width_divisor"), 0, null, exitWeighting());
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(file + ": cannot rebuild its network: " + e.getMessage());
            }
            loadInto(model);
            return model;
        }

        /** "L_I+L_HD", "AdaLoss", ...: what the run optimised, for labels. */
        public String objectiveLabel() {
            return Models.isAnn(get("arch")) ? exitWeighting().create(1, 0).label()
                    : objectiveConfig().objective().shortName();
        }

        /** An anytime network's exit weighting, by the name its run stored. */
        private ExitWeighting.Kind exitWeighting() {
            try {
                return ExitWeighting.Kind.parse(get("ann_weights"));
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(file + ": " + e.getMessage());
            }
        }

        private LossConfig objectiveConfig() {
            try {
                return LossConfig.fromMetadata(TrainConfig.parseLoss(get("loss")), metadata);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(file + ": " + e.getMessage());
            }
        }

        /** Loads weights, statistics and training state into the model; a mismatch names the file. */
        public void loadInto(TrainableModel model) {
            try {
                model.module().loadStateDict(this.model);
                model.loadTrainingState(metadata);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(file + ": does not fit the model " + model.spec().name() + ": "
                        + shorten(e.getMessage()));
            }
        }

        /** Loads the model state into the tree; a mismatch names the file. */
        public void loadInto(HneTree tree) {
            try {
                tree.loadStateDict(model);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(file + ": does not fit the tree " + tree.spec().name() + ": "
                        + shorten(e.getMessage()));
            }
        }

        public void loadInto(Sgd sgd) {
            try {
                sgd.loadState(velocity);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(file + ": optimizer state does not fit: " + shorten(e.getMessage()));
            }
        }
    }

    /** A checkpoint that cannot be used; its message names the file (the CLI exits with 2). */
    public static final class CheckpointException extends RuntimeException {
        public CheckpointException(String message) {
            super(message);
        }
    }

    public static Loaded load(Path file) {
        Checkpoint c;
        try {
            c = SafeTensors.read(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + ": no such checkpoint file");
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new CheckpointException(m.startsWith(file.toString()) ? m : file + ": " + m);
        }
        Map<String, String> meta = c.metadata() == null ? Map.of() : c.metadata();
        meta = LossConfig.withOldDefinitionIfMissing(meta);   // written before the loss definition was recorded
        if (!FORMAT.equals(meta.get("format"))) {
            throw new CheckpointException(file + ": not a training checkpoint (metadata 'format' is "
                    + meta.get("format") + ", expected " + FORMAT + ")");
        }
        Map<String, Tensor> model = new LinkedHashMap<>(), velocity = new LinkedHashMap<>();
        c.tensors().forEach((name, t) -> {
            Tensor tensor = Tensor.of(t.data(), t.shape());
            if (name.startsWith(VELOCITY_PREFIX)) velocity.put(name.substring(VELOCITY_PREFIX.length()), tensor);
            else model.put(name, tensor);
        });
        return new Loaded(file, meta, model, velocity);
    }

    static String shorten(String s) {
        return s.length() <= 240 ? s : s.substring(0, 240) + " ...";
    }
}
