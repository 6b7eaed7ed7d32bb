package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.backend.UnaryOp;
import java.util.Arrays;

/**
 * Inference only: y = act(batch_norm_eval(conv2d(x, w)) + residual) in one backend call
 * ({@code FusedKernels.conv2dBatchNormActInfer} where the backend has it, else composed: {@link Fusion}). The same result as {@link Conv2d}, then
 * {@link BatchNorm#eval}, then {@link Add}, then {@link Activation}, up to float rounding (the CPU
 * backend folds the batch norm's scale into the weights), without the three intermediate tensors.
 *
 * <p>Not differentiable and not recorded: it refuses to run while grad mode is on and an input
 * requires grad, like {@link BatchNorm#eval}. Layers use it in eval mode under
 * {@code Autograd.noGrad()} and keep the separate ops for training.
 */
public final class ConvBatchNormInfer {

    private ConvBatchNormInfer() {}

    /**
     * @param x        (N, Cin, H, W)
     * @param w        (Cout, Cin/groups, KH, KW)
     * @param gamma    (Cout) batch norm weight; beta, runningMean, runningVar the same shape
     * @param residual (N, Cout, OH, OW) added after the batch norm, or null
     * @param act      RELU, RELU6 or null (none)
     * @return (N, Cout, OH, OW)
     */
    public static Tensor apply(Tensor x, Tensor w, int stride, int padding, int groups, Tensor gamma, Tensor beta,
                               Tensor runningMean, Tensor runningVar, float eps, Tensor residual, UnaryOp act) {
        return apply(x, w, stride, padding, groups, null, gamma, beta, runningMean, runningVar, eps, residual, act);
    }

    /**
     * The convolution over some of the stored groups: group i of the computed convolution reads the
     * filters and batch-norm channels of stored group {@code storedGroups[i]} where they are (an HNE
     * level evaluating some of its branches; {@code FusedKernels#conv2dBatchNormActInfer}). The same
     * floats as cutting those groups out of w and the parameters and calling the method above.
     *
     * @param w            (S * F, Cin/G', KH, KW): S = {@code groups} stored groups of F filters, G' = storedGroups.length
     * @param storedGroups stored group of each computed group, each in [0, groups); null: all, in order
     * @param gamma        (S * F) batch norm weight; beta, runningMean, runningVar the same shape
     * @return (N, G' * F, OH, OW)
     */
    public static Tensor apply(Tensor x, Tensor w, int stride, int padding, int groups, int[] storedGroups, Tensor gamma,
                               Tensor beta, Tensor runningMean, Tensor runningVar, float eps, Tensor residual,
                               UnaryOp act) {
        return run(x, w, stride, padding, groups, storedGroups, gamma, beta, runningMean, runningVar, eps, residual, act,
                false);
    }

    /**
     * The method above for a caller that has no further use for the residual: where the backend
     * does that ({@link Fusion#writesOverResidual}; the CPU backend's GEMM routes, for outputs of
     * 4 MB or more), y is written over the residual's memory and the residual tensor itself is
     * returned, now holding y; elsewhere, and when the residual is x's own memory, y is a new
     * tensor as above. Either way the residual's values must not be read again. Why: a residual
     * layer's 1x1 convolution with a short reduction (16 -> 64 channels) does little arithmetic per
     * output value, and a separate output that streams from memory costs a read for ownership of
     * each of its lines, which writing over a tensor the kernel reads anyway saves
     * (docs/performance.md, "Writing over the residual").
     *
     * @param residual (N, G' * F, OH, OW), not null
     */
    public static Tensor applyOverResidual(Tensor x, Tensor w, int stride, int padding, int groups, int[] storedGroups,
                                           Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, float eps,
                                           Tensor residual, UnaryOp act) {
        if (residual == null) {
            throw new IllegalArgumentException("conv_batch_norm_infer: applyOverResidual needs a residual");
        }
        return run(x, w, stride, padding, groups, storedGroups, gamma, beta, runningMean, runningVar, eps, residual, act,
                true);
    }

    private static Tensor run(Tensor x, Tensor w, int stride, int padding, int groups, int[] storedGroups, Tensor gamma,
                              Tensor beta, Tensor runningMean, Tensor runningVar, float eps, Tensor residual,
                              UnaryOp act, boolean mayWriteOverResidual) {
        ConvGeometry g = geometry(x, w, stride, padding, groups, storedGroups);
        if (Autograd.isGradEnabled() && (x.requiresGrad() || w.requiresGrad() || gamma.requiresGrad()
                || beta.requiresGrad() || (residual != null && residual.requiresGrad()))) {
            throw new IllegalStateException("conv_batch_norm_infer is inference-only: run it under "
                    + "Autograd.noGrad(), or use conv2d and batch_norm to train");
        }
        for (Tensor p : new Tensor[] {gamma, beta, runningMean, runningVar}) {
            if (p.size() != w.dim(0)) {
                throw new IllegalArgumentException("conv_batch_norm_infer: the conv has " + w.dim(0)
                        + " stored output channels but a batch norm parameter has shape " + p.shapeString());
            }
            Shapes.requireSameBackend("conv_batch_norm_infer", x, p);
        }
        if (residual != null) {
            Shapes.requireShape("conv_batch_norm_infer (residual)", g.outputShape(), residual);
            Shapes.requireSameBackend("conv_batch_norm_infer", x, residual);
        }
        boolean overResidual = mayWriteOverResidual && residual.storage() != x.storage()
                && Fusion.writesOverResidual(x.backend(), g);
        // every route writes every element (ConvBatchNormInferTest: NaN-filled outputs)
        Tensor y = overResidual ? residual : Tensor.empty(x.backend(), g.outputShape());
        if (act != null && act != UnaryOp.RELU && act != UnaryOp.RELU6) {
            throw new IllegalArgumentException("conv_batch_norm_infer: activation " + act + " is not supported; "
                    + "use RELU, RELU6 or none");
        }
        Fusion.conv2dBatchNormActInfer(x.backend(), g, x.storage(), w.storage(), storedGroups, gamma.storage(),
                beta.storage(), runningMean.storage(), runningVar.storage(), eps,
                residual == null ? null : residual.storage(), act, y.storage());
        return y;
    }

    /** The computed convolution's geometry: Conv2d's, over the stored groups picked (all when null). */
    private static ConvGeometry geometry(Tensor x, Tensor w, int stride, int padding, int groups, int[] storedGroups) {
        if (storedGroups == null) {
            return Conv2d.geometry(x, w, stride, padding, groups);
        }
        if (groups <= 0 || w.rank() != 4 || w.dim(0) % groups != 0 || storedGroups.length == 0) {
            throw new IllegalArgumentException("conv_batch_norm_infer: weight " + w.shapeString() + " is not " + groups
                    + " stored groups of filters, or no group is picked");
        }
        for (int s : storedGroups) {
            if (s < 0 || s >= groups) {
                throw new IllegalArgumentException("conv_batch_norm_infer: stored group " + s + " is outside [0, "
                        + groups + ") (" + Arrays.toString(storedGroups) + ")");
            }
        }
        Shapes.requireSameBackend("conv_batch_norm_infer", x, w);
        int[] picked = w.shape();   // the weight of the picked groups, which is never built
        picked[0] = w.dim(0) / groups * storedGroups.length;
        return Conv2d.geometry(x, picked, stride, padding, storedGroups.length);
    }
}
