package dev.hne.loss;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An objective and its knobs, and how they are written into (and read back from) a checkpoint.
 *
 * @param temperature T of the soft labels softmax(y^E / T); the paper uses 2
 * @param alpha       the trade-off a of the distillation objectives: (1 - a) L_I + a L_D and
 *                    (1 - a) L_I + a L_HD; the paper's 0.5 (0.75 for L_I + L_HD on ImageNet)
 * @param softScale   what every soft term is multiplied by: 1 (the paper as printed) or T^2
 * @param definition  which formula the distillation objectives are: {@link Definition#ALPHA_WEIGHTED}
 *                    for every new run; {@link Definition#SUMMED} only to reread old checkpoints
 */
public record LossConfig(Objective objective, float temperature, float alpha, SoftScale softScale,
                         Definition definition) {

    /**
     * The formula of the distillation objectives, recorded in every checkpoint under
     * {@value #DEFINITION_KEY} so that a checkpoint keeps meaning what it was trained with.
     */
    public enum Definition {
        /**
         * "hne-loss/1", before issue 15: L_I + T^2 L_HD (alpha ignored) and (1 - a) L_I + a T^2 L_D.
         * A checkpoint without the key was written then, and reads as this with soft scale t2.
         */
        SUMMED("hne-loss/1"),
        /** "hne-loss/2", the paper's: (1 - a) L_I + a s L_D and (1 - a) L_I + a s L_HD, s from {@link SoftScale}. */
        ALPHA_WEIGHTED("hne-loss/2");

        private final String id;

        Definition(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        static Definition parse(String id) {
            for (Definition d : values()) {
                if (d.id.equals(id)) return d;
            }
            throw new IllegalArgumentException("unknown " + DEFINITION_KEY + " '" + id + "'; this program knows "
                    + SUMMED.id + " and " + ALPHA_WEIGHTED.id);
        }
    }

    public static final String DEFINITION_KEY = "loss_definition";
    public static final String SOFT_SCALE_KEY = "soft_scale";
    /** The soft scale of a run without the keys above: before issue 15 every soft term was times T^2. */
    static final SoftScale OLD_SOFT_SCALE = SoftScale.T_SQUARED;

    public LossConfig {
        if (!(temperature > 0) || !(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("loss: temperature must be > 0 and alpha in [0, 1], got T = "
                    + temperature + ", alpha = " + alpha);
        }
    }

    /** The paper's settings: T = 2, a = 0.5, soft terms as printed (no T^2), alpha-weighted. */
    public static LossConfig of(Objective objective) {
        return new LossConfig(objective, 2f, 0.5f, SoftScale.NONE, Definition.ALPHA_WEIGHTED);
    }

    public LossConfig withAlpha(float a) {
        return new LossConfig(objective, temperature, a, softScale, definition);
    }

    public LossConfig withTemperature(float t) {
        return new LossConfig(objective, t, alpha, softScale, definition);
    }

    public LossConfig withSoftScale(SoftScale s) {
        return new LossConfig(objective, temperature, alpha, s, definition);
    }

    /** The weight of the hard term L_I in a distillation objective: 1 - a, or 1 for the old L_I + L_HD. */
    public float hardWeight() {
        return summedHierarchical() ? 1f : 1 - alpha;
    }

    /** The weight of the distillation term (L_D or L_HD, each already times its soft scale): a, or 1 for the old L_I + L_HD. */
    public float distillationWeight() {
        return summedHierarchical() ? 1f : alpha;
    }

    private boolean summedHierarchical() {
        return definition == Definition.SUMMED && objective == Objective.HIERARCHICAL_DISTILLATION;
    }

    /** For logs: "LI+LHD = 0.5 L_I + 0.5 L_HD (T = 2, soft scale none)"; the plain name for L_I, L_H, L_I + L_H. */
    public String describe() {
        String soft = switch (objective) {
            case CO_DISTILLATION -> "L_D";
            case HIERARCHICAL_DISTILLATION -> "L_HD";
            default -> null;
        };
        if (soft == null) return objective.shortName();
        return String.format(java.util.Locale.ROOT, "%s = %s L_I + %s %s (T = %s, soft scale %s)", objective.shortName(),
                trim(hardWeight()), trim(distillationWeight()), soft, trim(temperature), softScale.cliName());
    }

    private static String trim(float v) {
        return v == (int) v ? Integer.toString((int) v) : Float.toString(v);
    }

    /** The keys that, with the objective, alpha and temperature, say what a checkpoint's loss was. */
    public Map<String, String> definitionMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(DEFINITION_KEY, definition.id());
        m.put(SOFT_SCALE_KEY, softScale.cliName());
        return m;
    }

    /**
     * Checkpoint metadata with the loss definition filled in where it is missing: a checkpoint
     * written before the definition was recorded gets {@link Definition#SUMMED} and soft scale t2,
     * what its run optimised. Anything already there is kept.
     */
    public static Map<String, String> withOldDefinitionIfMissing(Map<String, String> metadata) {
        if (metadata.containsKey(DEFINITION_KEY)) return metadata;
        Map<String, String> m = new LinkedHashMap<>(metadata);
        m.put(DEFINITION_KEY, Definition.SUMMED.id());
        m.putIfAbsent(SOFT_SCALE_KEY, OLD_SOFT_SCALE.cliName());
        return m;
    }

    /**
     * The loss a checkpoint was trained with, from its metadata (keys alpha, temperature and the
     * two above; missing definition keys mean an old checkpoint, see {@link #withOldDefinitionIfMissing}).
     *
     * @throws IllegalArgumentException for values this program cannot read
     */
    public static LossConfig fromMetadata(Objective objective, Map<String, String> metadata) {
        Map<String, String> m = withOldDefinitionIfMissing(metadata);
        try {
            return new LossConfig(objective, Float.parseFloat(m.getOrDefault("temperature", "2")),
                    Float.parseFloat(m.getOrDefault("alpha", "0.5")), SoftScale.parse(m.get(SOFT_SCALE_KEY)),
                    Definition.parse(m.get(DEFINITION_KEY)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("loss: alpha or temperature is not a number (" + e.getMessage() + ")");
        }
    }
}
