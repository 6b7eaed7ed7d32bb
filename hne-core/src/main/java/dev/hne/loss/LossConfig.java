package dev.hne.loss;

/**
 * An objective and its knobs.
 *
 * @param temperature       T of the soft labels softmax(y^E / T); the paper uses 2
 * @param alpha             a of standard co-distillation (1 - a) L_I + a L_D; 0.5 (0.75 on ImageNet)
 * @param scaleSoftByTSquared multiply every soft (distillation) term by T^2, as Hinton et al. do, so
 *                          that its gradient keeps the same size whatever T is; on by default
 */
public record LossConfig(Objective objective, float temperature, float alpha, boolean scaleSoftByTSquared) {

    public LossConfig {
        if (!(temperature > 0) || !(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("loss: temperature must be > 0 and alpha in [0, 1], got T = "
                    + temperature + ", alpha = " + alpha);
        }
    }

    /** The paper's settings: T = 2, a = 0.5, soft terms scaled by T^2. */
    public static LossConfig of(Objective objective) {
        return new LossConfig(objective, 2f, 0.5f, true);
    }

    public LossConfig withAlpha(float a) {
        return new LossConfig(objective, temperature, a, scaleSoftByTSquared);
    }

    public LossConfig withTemperature(float t) {
        return new LossConfig(objective, t, alpha, scaleSoftByTSquared);
    }
}
