package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.backend.UnaryOp;

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
        ConvGeometry g = Conv2d.geometry(x, w, stride, padding, groups);
        if (Autograd.isGradEnabled() && (x.requiresGrad() || w.requiresGrad() || gamma.requiresGrad()
                || beta.requiresGrad() || (residual != null && residual.requiresGrad()))) {
            throw new IllegalStateException("conv_batch_norm_infer is inference-only: run it under "
                    + "Autograd.noGrad(), or use conv2d and batch_norm to train");
        }
        for (Tensor p : new Tensor[] {gamma, beta, runningMean, runningVar}) {
            if (p.size() != g.outChannels()) {
                throw new IllegalArgumentException("conv_batch_norm_infer: the conv has " + g.outChannels()
                        + " output channels but a batch norm parameter has shape " + p.shapeString());
            }
            Shapes.requireSameBackend("conv_batch_norm_infer", x, p);
        }
        Tensor y = Tensor.empty(x.backend(), g.outputShape());   // every route writes every element (ConvBatchNormInferTest: NaN-filled outputs)
        if (residual != null) {
            Shapes.requireSameShape("conv_batch_norm_infer (residual)", y, residual);
            Shapes.requireSameBackend("conv_batch_norm_infer", x, residual);
        }
        if (act != null && act != UnaryOp.RELU && act != UnaryOp.RELU6) {
            throw new IllegalArgumentException("conv_batch_norm_infer: activation " + act + " is not supported; "
                    + "use RELU, RELU6 or none");
        }
        Fusion.conv2dBatchNormActInfer(x.backend(), g, x.storage(), w.storage(), gamma.storage(), beta.storage(),
                runningMean.storage(), runningVar.storage(), eps, residual == null ? null : residual.storage(), act,
                y.storage());
        return y;
    }
}
