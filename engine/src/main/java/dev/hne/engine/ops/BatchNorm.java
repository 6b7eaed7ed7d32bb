package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;
import dev.hne.engine.backend.Backend;

/**
 * Batch normalisation over (N, H, W) per channel of x (N, C, H, W), or over N for x (N, C).
 *
 * <p>Training: normalise with the batch mean and biased variance, update the running statistics
 * (momentum as PyTorch: running = (1-m) running + m batch, unbiased variance), save mean and
 * 1/std for the backward. Evaluation: normalise with the running statistics; this path is for
 * inference and records no graph (it refuses inputs that require grad while grad mode is on).
 */
public final class BatchNorm extends Function {

    private final Tensor x;
    private final Tensor gamma;
    private final Tensor saveMean;
    private final Tensor saveInvStd;

    private BatchNorm(Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvStd) {
        this.x = x;
        this.gamma = gamma;
        this.saveMean = saveMean;
        this.saveInvStd = saveInvStd;
        saveForBackward(x, gamma, saveMean, saveInvStd);
    }

    public static Tensor train(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                               float momentum, float eps) {
        int c = check(x, gamma, beta, runningMean, runningVar);
        Backend be = x.backend();
        Tensor y = Tensor.emptyLike(x);
        Tensor mean = Tensor.zeros(be, c), invStd = Tensor.zeros(be, c);
        be.batchNormTrain(x.storage(), gamma.storage(), beta.storage(), x.dim(0), c, Shapes.spatial(x), eps, momentum,
                runningMean.storage(), runningVar.storage(), y.storage(), mean.storage(), invStd.storage());
        return Autograd.record(new BatchNorm(x, gamma, mean, invStd), y, x, gamma, beta);
    }

    public static Tensor eval(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, float eps) {
        int c = check(x, gamma, beta, runningMean, runningVar);
        if (Autograd.isGradEnabled() && (x.requiresGrad() || gamma.requiresGrad() || beta.requiresGrad())) {
            throw new IllegalStateException("batch_norm in eval mode is inference-only: run it under "
                    + "Autograd.noGrad(), or put the module in training mode to train it");
        }
        Tensor y = Tensor.emptyLike(x);
        x.backend().batchNormInfer(x.storage(), gamma.storage(), beta.storage(), runningMean.storage(),
                runningVar.storage(), x.dim(0), c, Shapes.spatial(x), eps, y.storage());
        return y;
    }

    private static int check(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar) {
        Shapes.requireRank("batch_norm", x, 2, 4);
        int c = x.dim(1);
        for (Tensor p : new Tensor[] {gamma, beta, runningMean, runningVar}) {
            if (p.size() != c) {
                throw new IllegalArgumentException("batch_norm: input " + x.shapeString() + " has " + c
                        + " channels but a parameter or statistic has shape " + p.shapeString());
            }
            Shapes.requireSameBackend("batch_norm", x, p);
        }
        return c;
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Backend be = x.backend();
        int c = x.dim(1);
        Tensor dx = Tensor.emptyLike(x), dgamma = Tensor.zeros(be, c), dbeta = Tensor.zeros(be, c);
        be.batchNormBackward(x.storage(), dy.storage(), gamma.storage(), saveMean.storage(), saveInvStd.storage(),
                x.dim(0), c, Shapes.spatial(x), dx.storage(), dgamma.storage(), dbeta.storage());
        return new Tensor[] {dx, dgamma, dbeta};
    }

    @Override
    public String name() {
        return "batch_norm";
    }
}
