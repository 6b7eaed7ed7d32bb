package dev.hne.loss;

import dev.hne.anytime.Ensemble;
import dev.hne.engine.Tensor;
import dev.hne.engine.ops.CrossEntropy;
import java.util.List;

/**
 * The HNE training objectives (paper Eqs. 9-12) on the logits of all N = 2^B leaves.
 *
 * <p>The distillation objectives weigh the hard and the soft term as the paper's Sec. 3.3 does,
 * (1 - a) L_I + a L_D and (1 - a) L_I + a L_HD, a = {@link LossConfig#alpha}; checkpoints written
 * before that was so trained L_I + L_HD ({@link LossConfig.Definition#SUMMED}) and still read so.
 *
 * <p>Input: {@code leafLogits}, N tensors (batch, K) in the natural leaf order (leaf 0 first, as
 * {@code HneTree.forwardAll} returns them). Each cross-entropy is a mean over the batch; the terms
 * are SUMMED over leaves and over nested ensembles, as the paper's sums are (a mean would shrink
 * each leaf's own gradient by 1/N). Nested ensembles y^b (Eq. 5) average the logits of the first
 * 2^b leaves, b = 0..B; y^E = y^B is the full ensemble.
 *
 * <p>Two decisions the paper leaves open:
 * <ul>
 *   <li>The teacher is DETACHED: the soft labels softmax(y^E / T) are constants, so distillation
 *       moves the students towards the ensemble and never the ensemble towards the students. (Not
 *       detached, every leaf would also get gradient through y^E, pulling all members together,
 *       the co-adaptation the paper wants to avoid.)</li>
 *   <li>Whether every soft term is multiplied by T^2 (Hinton et al.): the soft cross-entropy's
 *       gradient is (softmax(z / T) - q) / T, ~1/T^2 of the hard term's for the same change of
 *       probabilities. {@link SoftScale}: off by default (the paper's formula as printed),
 *       {@code --soft-scale t2} turns it on.</li>
 * </ul>
 * What it is not: a metric; see {@link Metrics} for diversity and accuracy.
 */
public final class HneLoss {

    private HneLoss() {}

    /**
     * The configured objective as one scalar tensor. The labels go to the logits' device once, as
     * one-hot targets shared by every hard term (not once per leaf: each upload is a host-device
     * round trip).
     */
    public static Tensor compute(LossConfig config, List<Tensor> leafLogits, int[] labels) {
        Tensor targets = oneHot(leafLogits, labels);
        return switch (config.objective()) {
            case INDEPENDENT -> independent(leafLogits, targets);
            case HIERARCHICAL -> hierarchical(leafLogits, targets);
            case INDEPENDENT_HIERARCHICAL -> independent(leafLogits, targets).add(hierarchical(leafLogits, targets));
            case CO_DISTILLATION -> weighted(config, independent(leafLogits, targets), distillation(leafLogits, config));
            case HIERARCHICAL_DISTILLATION -> leafLogits.size() == 1
                    ? independent(leafLogits, targets).scale(config.hardWeight())   // B = 0: no nested ensemble below B
                    : weighted(config, independent(leafLogits, targets), hierarchicalDistillation(leafLogits, config));
        };
    }

    /** The trade-off of Sec. 3.3: (1 - a) hard + a soft (hard + soft for the old L_I + L_HD). */
    private static Tensor weighted(LossConfig config, Tensor hard, Tensor soft) {
        return hard.scale(config.hardWeight()).add(soft.scale(config.distillationWeight()));
    }

    /** L_I, Eq. 9: sum over leaves n of CE(F_n, y). */
    public static Tensor independent(List<Tensor> leafLogits, int[] labels) {
        return independent(leafLogits, oneHot(leafLogits, labels));
    }

    private static Tensor independent(List<Tensor> leafLogits, Tensor targets) {
        Tensor total = null;
        for (Tensor logits : leafLogits) total = plus(total, CrossEntropy.hard(logits, targets));
        return total;
    }

    /** L_H, Eq. 10: sum over b = 0..B of CE(y^b, y). */
    public static Tensor hierarchical(List<Tensor> leafLogits, int[] labels) {
        return hierarchical(leafLogits, oneHot(leafLogits, labels));
    }

    private static Tensor hierarchical(List<Tensor> leafLogits, Tensor targets) {
        Tensor total = null;
        for (int size = 1; size <= leafLogits.size(); size *= 2) {
            total = plus(total, CrossEntropy.hard(nested(leafLogits, size), targets));
        }
        return total;
    }

    /** The labels as one-hot targets on the logits' device, checked against the logits' shape. */
    private static Tensor oneHot(List<Tensor> leafLogits, int[] labels) {
        Tensor first = leafLogits.get(0);
        if (first.rank() != 2 || labels.length != first.dim(0)) {
            throw new IllegalArgumentException("cross_entropy: logits " + first.shapeString() + " but "
                    + labels.length + " labels");
        }
        return CrossEntropy.oneHot(labels, first.dim(1), first.backend());
    }

    /** L_D, Eq. 11: sum over leaves n of CE(F_n, softmax(y^E / T)) at temperature T, times the soft scale. */
    public static Tensor distillation(List<Tensor> leafLogits, LossConfig config) {
        Tensor target = softTargets(Ensemble.mean(leafLogits), config.temperature());
        Tensor total = null;
        for (Tensor logits : leafLogits) total = plus(total, soft(logits, target, config));
        return total;
    }

    /** L_HD, Eq. 12: sum over b = 0..B-1 of CE(y^b, softmax(y^E / T)), times the soft scale. */
    public static Tensor hierarchicalDistillation(List<Tensor> leafLogits, LossConfig config) {
        if (leafLogits.size() < 2) {
            throw new IllegalArgumentException("hierarchical distillation needs at least 2 leaves (B >= 1)");
        }
        Tensor target = softTargets(Ensemble.mean(leafLogits), config.temperature());
        Tensor total = null;
        for (int size = 1; size < leafLogits.size(); size *= 2) {
            total = plus(total, soft(nested(leafLogits, size), target, config));
        }
        return total;
    }

    /** y^b of Eq. 5: the mean logits of the first {@code size} = 2^b leaves. */
    public static Tensor nested(List<Tensor> leafLogits, int size) {
        if (Integer.bitCount(leafLogits.size()) != 1 || size > leafLogits.size()) {
            throw new IllegalArgumentException("nested ensembles need 2^B leaves and size <= N; got "
                    + leafLogits.size() + " leaves, size " + size);
        }
        return Ensemble.mean(leafLogits.subList(0, size));
    }

    /** The teacher's soft labels softmax(teacher / T), detached: (batch, K), rows summing to 1. */
    public static Tensor softTargets(Tensor teacherLogits, float temperature) {
        return teacherLogits.detach().scale(1f / temperature).softmax();
    }

    private static Tensor soft(Tensor logits, Tensor target, LossConfig config) {
        Tensor ce = CrossEntropy.soft(logits, target, config.temperature());
        float scale = config.softScale().factor(config.temperature());
        return scale == 1f ? ce : ce.scale(scale);
    }

    private static Tensor plus(Tensor total, Tensor term) {
        return total == null ? term : total.add(term);
    }
}
