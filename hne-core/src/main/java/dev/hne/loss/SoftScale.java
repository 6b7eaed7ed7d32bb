package dev.hne.loss;

import java.util.Locale;

/**
 * What every soft (distillation) cross-entropy is multiplied by, {@code --soft-scale t2|none}.
 *
 * <p>The soft cross-entropy CE(softmax(z / T), q) has the gradient (softmax(z / T) - q) / T in z,
 * about 1/T^2 of the hard term's for the same change of the teacher's probabilities; Hinton et al.
 * multiply it by T^2 to undo that, so that the weight alpha means the same at every T. The paper
 * never mentions the factor: its "(1 - alpha) L_I + alpha L_D" reads as the plain cross-entropy,
 * so the default is {@link #NONE}, the formula as printed (docs/hne.md §6).
 */
public enum SoftScale {
    /** The soft terms as the paper writes them. */
    NONE("none"),
    /** The soft terms times T^2 (Hinton et al.): the definition before issue 15, for every objective. */
    T_SQUARED("t2");

    private final String cliName;

    SoftScale(String cliName) {
        this.cliName = cliName;
    }

    /** The name on the command line and in checkpoint metadata: t2 or none. */
    public String cliName() {
        return cliName;
    }

    /** The factor at temperature {@code t}. */
    public float factor(float t) {
        return this == T_SQUARED ? t * t : 1f;
    }

    public static SoftScale parse(String s) {
        for (SoftScale v : values()) {
            if (v.cliName.equals(s.toLowerCase(Locale.ROOT))) return v;
        }
        throw new IllegalArgumentException("unknown soft scale '" + s + "'; use t2 or none");
    }
}
