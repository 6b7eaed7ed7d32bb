package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;
import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.BinaryOp;

/**
 * Mean cross-entropy between target distributions and the softmax of logits / T:
 * loss = -(1/N) sum_n sum_k target[n,k] log softmax(logits[n] / T)[k], for logits and target (N, K).
 * Hard labels are one-hot targets with T = 1. Fused so the backward is the familiar
 * d logits = (softmax(logits / T) - target) / (N T); if the target itself requires grad (a teacher
 * that is not detached) it receives d target = -log softmax(logits / T) / N.
 * Whether a distillation loss scales this by T^2 is the caller's choice, not this op's.
 */
public final class CrossEntropy extends Function {

    private final float temperature;
    private final Tensor logProbs;   // log softmax(logits / T), (N, K)
    private final Tensor target;

    private CrossEntropy(float temperature, Tensor logProbs, Tensor target) {
        this.temperature = temperature;
        this.logProbs = logProbs;
        this.target = target;
        saveForBackward(logProbs, target);
    }

    /** Cross-entropy with integer class labels, each in [0, K). */
    public static Tensor hard(Tensor logits, int[] labels) {
        Shapes.requireRank("cross_entropy", logits, 2);
        if (labels.length != logits.dim(0)) {
            throw new IllegalArgumentException("cross_entropy: logits " + logits.shapeString() + " but "
                    + labels.length + " labels");
        }
        return hard(logits, oneHot(labels, logits.dim(1), logits.backend()));
    }

    /**
     * Cross-entropy against one-hot targets made by {@link #oneHot}: a loss over many outputs (the
     * leaves of an HNE) uploads its labels once per batch, not once per output.
     */
    public static Tensor hard(Tensor logits, Tensor oneHot) {
        return soft(logits, oneHot, 1f);
    }

    /** The one-hot targets (N, K) of labels each in [0, K), on {@code backend} (one upload). */
    public static Tensor oneHot(int[] labels, int classes, Backend backend) {
        float[] oneHot = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("cross_entropy: label " + labels[i] + " at index " + i
                        + " is outside [0, " + classes + ")");
            }
            oneHot[i * classes + labels[i]] = 1f;
        }
        return new Tensor(backend.upload(oneHot), labels.length, classes);
    }

    /** Cross-entropy against soft targets (rows summing to 1) at temperature T. */
    public static Tensor soft(Tensor logits, Tensor target, float temperature) {
        Shapes.requireRank("cross_entropy", logits, 2);
        Shapes.requireSameShape("cross_entropy", logits, target);
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("cross_entropy: temperature must be positive, got " + temperature);
        }
        Backend be = logits.backend();
        int n = logits.dim(0), k = logits.dim(1);
        Tensor logProbs = Tensor.zerosLike(logits);
        be.scale(logits.storage(), 1f / temperature, logProbs.storage());
        be.softmax(logProbs.storage(), n, k, true, logProbs.storage());
        Tensor product = Tensor.zerosLike(logits);
        be.binary(BinaryOp.MUL, target.storage(), logProbs.storage(), product.storage());
        Tensor loss = Tensor.zeros(be);
        be.sumMiddle(product.storage(), 1, n * k, 1, loss.storage());
        be.scale(loss.storage(), -1f / n, loss.storage());
        return Autograd.record(new CrossEntropy(temperature, logProbs, target), loss, logits, target);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Backend be = logProbs.backend();
        int n = logProbs.dim(0), k = logProbs.dim(1);
        // dy stays on the device: reading it here (dy.item()) would wait for the GPU once per loss term
        Tensor g = ScalarBroadcast.fill(dy, logProbs.shape());
        Tensor dLogits = Tensor.zerosLike(logProbs);
        be.softmax(logProbs.storage(), n, k, false, dLogits.storage());   // softmax of log-probs = probs
        be.binary(BinaryOp.SUB, dLogits.storage(), target.storage(), dLogits.storage());
        Tensor dTarget = null;
        if (target.requiresGrad()) {
            dTarget = Tensor.zerosLike(logProbs);
            be.binary(BinaryOp.MUL, logProbs.storage(), g.storage(), dTarget.storage());
            be.scale(dTarget.storage(), -1f / n, dTarget.storage());
        }
        be.scale(g.storage(), 1f / (n * temperature), g.storage());
        be.binary(BinaryOp.MUL, dLogits.storage(), g.storage(), dLogits.storage());
        be.release(g.storage());   // a scratch buffer nobody else has seen
        return new Tensor[] {dLogits, dTarget};
    }

    @Override
    public String name() {
        return "cross_entropy";
    }
}
