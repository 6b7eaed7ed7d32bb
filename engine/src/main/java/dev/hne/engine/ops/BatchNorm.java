package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;
import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.BinaryOp;

/**
 * Batch normalisation over (N, H, W) per channel of x (N, C, H, W), or over N for x (N, C).
 *
 * <p>Training: normalise with the batch mean and biased variance, update the running statistics
 * (momentum as PyTorch: running = (1-m) running + m batch, unbiased variance), save mean and
 * 1/std for the backward. Evaluation: normalise with the running statistics; this path is for
 * inference and records no graph (it refuses inputs that require grad while grad mode is on).
 *
 * <p>{@link #trainRelu} fuses what follows batch norm in a ResNet: relu(bn(x)) or
 * relu(bn(x) + residual). Unfused, the batch-norm output and the sum are two full-size tensors
 * that live only until the next op reads them, and their gradients are two more; fused, the op
 * writes one output in place and saves it (its mask is the ReLU's derivative, and the next
 * convolution saves the same tensor anyway), and the backward masks dy inside the batch-norm
 * backward ({@code FusedKernels.batchNormReluBackward}, or composed: {@link Fusion}).
 */
public final class BatchNorm extends Function {

    private final Tensor x;
    private final Tensor gamma;
    private final Tensor saveMean;
    private final Tensor saveInvStd;
    private final Tensor reluOutput;   // the output when a ReLU is fused (its mask), else null
    private final boolean residual;    // a residual input was added before the ReLU

    private BatchNorm(Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvStd, Tensor reluOutput,
                      boolean residual) {
        this.x = x;
        this.gamma = gamma;
        this.saveMean = saveMean;
        this.saveInvStd = saveInvStd;
        this.reluOutput = reluOutput;
        this.residual = residual;
        saveForBackward(x, gamma, saveMean, saveInvStd, reluOutput);
    }

    public static Tensor train(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                               float momentum, float eps) {
        int c = check(x, gamma, beta, runningMean, runningVar);
        Tensor y = Tensor.emptyLike(x);
        Tensor[] stats = normalise(x, gamma, beta, runningMean, runningVar, momentum, eps, c, y);
        return Autograd.record(new BatchNorm(x, gamma, stats[0], stats[1], null, false), y, x, gamma, beta);
    }

    /**
     * Training mode relu(batch_norm(x) + residual), or relu(batch_norm(x)) when residual is null;
     * the same values and gradients as the three ops one after the other.
     */
    public static Tensor trainRelu(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                   float momentum, float eps, Tensor residual) {
        int c = check(x, gamma, beta, runningMean, runningVar);
        if (residual != null) {
            Shapes.requireSameShape("batch_norm_add_relu", x, residual);
        }
        Backend be = x.backend();
        Tensor y = Tensor.emptyLike(x);
        Tensor mean = Tensor.zeros(be, c), invStd = Tensor.zeros(be, c);
        Fusion.batchNormTrainRelu(be, x.storage(), gamma.storage(), beta.storage(),
                residual == null ? null : residual.storage(), x.dim(0), c, Shapes.spatial(x), eps, momentum,
                runningMean.storage(), runningVar.storage(), y.storage(), mean.storage(), invStd.storage());
        Tensor[] stats = {mean, invStd};
        BatchNorm fn = new BatchNorm(x, gamma, stats[0], stats[1], y.detach(), residual != null);
        return residual == null
                ? Autograd.record(fn, y, x, gamma, beta)
                : Autograd.record(fn, y, x, gamma, beta, residual);
    }

    /** Writes batch_norm(x) into y, updates the running statistics; returns the saved mean and 1/std. */
    private static Tensor[] normalise(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                      float momentum, float eps, int c, Tensor y) {
        Backend be = x.backend();
        Tensor mean = Tensor.zeros(be, c), invStd = Tensor.zeros(be, c);
        be.batchNormTrain(x.storage(), gamma.storage(), beta.storage(), x.dim(0), c, Shapes.spatial(x), eps, momentum,
                runningMean.storage(), runningVar.storage(), y.storage(), mean.storage(), invStd.storage());
        return new Tensor[] {mean, invStd};
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

    static int check(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar) {
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
        int n = x.dim(0), hw = Shapes.spatial(x);
        Tensor dx = Tensor.emptyLike(x), dgamma = Tensor.zeros(be, c), dbeta = Tensor.zeros(be, c);
        if (reluOutput == null) {
            be.batchNormBackward(x.storage(), dy.storage(), gamma.storage(), saveMean.storage(), saveInvStd.storage(),
                    n, c, hw, dx.storage(), dgamma.storage(), dbeta.storage());
            return new Tensor[] {dx, dgamma, dbeta};
        }
        if (!residual) {
            Fusion.batchNormReluBackward(be, x.storage(), reluOutput.storage(), dy.storage(), gamma.storage(),
                    saveMean.storage(), saveInvStd.storage(), n, c, hw, dx.storage(), dgamma.storage(), dbeta.storage());
            return new Tensor[] {dx, dgamma, dbeta};
        }
        // The residual's gradient is the masked dy itself, so it is materialised once and shared.
        Tensor masked = Tensor.emptyLike(dy);
        be.binary(BinaryOp.RELU_BACKWARD, dy.storage(), reluOutput.storage(), masked.storage());
        be.batchNormBackward(x.storage(), masked.storage(), gamma.storage(), saveMean.storage(), saveInvStd.storage(),
                n, c, hw, dx.storage(), dgamma.storage(), dbeta.storage());
        return new Tensor[] {dx, dgamma, dbeta, masked};
    }

    @Override
    public String name() {
        return reluOutput == null ? "batch_norm" : residual ? "batch_norm_add_relu" : "batch_norm_relu";
    }
}
