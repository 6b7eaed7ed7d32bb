package dev.hne.engine.backend;

/**
 * An optional capability: kernels that do in one pass what several {@link Backend} primitives do
 * one after the other, so a layer's intermediate tensors are never written. A backend implements
 * it only where it has such kernels (the CPU backend does; CUDA does not yet). The ops find it with
 * {@code backend instanceof FusedKernels} and otherwise compose the same result from the
 * primitives, in one place: {@code dev.hne.engine.ops.Fusion}. Each method's contract is the
 * composition it replaces; the fused version may differ only in float rounding, where it says so.
 * Conventions and legend as in {@link Backend}.
 */
public interface FusedKernels {

    /**
     * Inference only: y = act(batchNormInfer(conv(x, w)) + residual), the conv + eval batch norm +
     * (residual add) + activation of a network layer. A backend can fold the batch norm into the
     * weights and apply the rest while storing the convolution's output (the CPU backend does; see
     * docs/engine.md), which changes the rounding of the convolution only.
     *
     * <p>The weights and batch-norm parameters may hold more groups than {@code g} computes:
     * {@code storedGroups[gi]} is the stored group that group gi of g reads, filters and batch-norm
     * channels alike (an HNE level evaluating some of its branches reads theirs in place); null
     * means group gi reads stored group gi.
     *
     * @param w            (S * Cout/G, Cin/G, KH, KW) for S stored groups (S = G when storedGroups is null)
     * @param gamma        (S * Cout/G), as beta, runningMean and runningVar
     * @param storedGroups (G) stored group of each of g's groups, or null
     * @param residual     (N, Cout, OH, OW) added after the batch norm, or null
     * @param act          RELU, RELU6, or null for none
     */
    void conv2dBatchNormActInfer(ConvGeometry g, Storage x, Storage w, int[] storedGroups, Storage gamma, Storage beta,
                                 Storage runningMean, Storage runningVar, float eps, Storage residual,
                                 UnaryOp act, Storage y);

    /**
     * Whether {@link #conv2dBatchNormActInfer} for g is to be called with y the same storage as its
     * residual, writing the output over the residual, when the caller has no further use for it:
     * only where every value of the residual is read before y is written there, and where the
     * backend finds that faster than a separate output.
     */
    boolean writesOverResidual(ConvGeometry g);

    /**
     * {@link Backend#batchNormTrain} followed by out = relu(out + residual), or relu(out) when
     * residual is null: the end of a ResNet layer, with the add and the ReLU applied in the pass
     * that writes out.
     */
    void batchNormTrainRelu(Storage x, Storage gamma, Storage beta, Storage residual, int n, int c, int hw,
                            float eps, float momentum, Storage runningMean, Storage runningVar, Storage out,
                            Storage saveMean, Storage saveInvStd);

    /**
     * Backward of y = relu(batchNormTrain(x)): {@link Backend#batchNormBackward} of dy masked where
     * y <= 0, the mask applied inside the batch-norm passes instead of into a temporary.
     */
    void batchNormReluBackward(Storage x, Storage y, Storage dy, Storage gamma, Storage saveMean, Storage saveInvStd,
                               int n, int c, int hw, Storage dx, Storage dgamma, Storage dbeta);
}
