package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;
import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.BinaryOp;
import dev.hne.engine.backend.ConvGeometry;

/**
 * Convolution + training-mode batch norm (+ residual) (+ ReLU) as one op that does NOT keep the
 * convolution's output: its backward recomputes it from the saved input (gradient checkpointing of
 * a single layer, as torch.utils.checkpoint does for whole blocks).
 *
 * <p>Why: batch norm's backward needs its input, the convolution's output, so the plain ops keep it
 * alive from the forward pass to the backward pass. In a ResNet layer that is half of everything a
 * training step holds (the expand convolution's output is as large as the layer's output). This op
 * keeps only what it must: the convolution input (the previous layer's output, kept anyway), the
 * weights, the batch statistics and, with a ReLU, its own output (the ReLU's mask, and the next
 * layer's input anyway). The price is one extra convolution forward per layer in the backward pass,
 * so it is a memory mode for large batches, not the default.
 *
 * <p>Same values and gradients as {@code BatchNorm.trainRelu(Conv2d.apply(x, w, ...), ...)} (or
 * {@code BatchNorm.train} when relu is false and residual null).
 */
public final class ConvBatchNorm extends Function {

    private final ConvGeometry geometry;
    private final Tensor x, w, gamma, mean, invStd;
    private final Tensor reluOutput;   // null without a ReLU
    private final boolean residual;

    private ConvBatchNorm(ConvGeometry geometry, Tensor x, Tensor w, Tensor gamma, Tensor mean, Tensor invStd,
                          Tensor reluOutput, boolean residual) {
        this.geometry = geometry;
        this.x = x;
        this.w = w;
        this.gamma = gamma;
        this.mean = mean;
        this.invStd = invStd;
        this.reluOutput = reluOutput;
        this.residual = residual;
        saveForBackward(x, w, gamma, mean, invStd, reluOutput);
    }

    /**
     * act(batch_norm(conv2d(x, w)) + residual) in training mode; act is ReLU when {@code relu},
     * else identity. residual may be null.
     */
    public static Tensor train(Tensor x, Tensor w, int stride, int padding, int groups, Tensor gamma, Tensor beta,
                               Tensor runningMean, Tensor runningVar, float momentum, float eps, boolean relu,
                               Tensor residual) {
        ConvGeometry g = Conv2d.geometry(x, w, stride, padding, groups);
        Backend be = x.backend();
        Tensor conv = Tensor.empty(be, g.outputShape());
        be.conv2dForward(g, x.storage(), w.storage(), conv.storage());
        BatchNorm.check(conv, gamma, beta, runningMean, runningVar);
        if (residual != null) {
            Shapes.requireSameShape("conv_batch_norm", conv, residual);
        }
        int c = g.outChannels(), n = g.batch(), hw = g.outHeight() * g.outWidth();
        Tensor y = Tensor.emptyLike(conv), mean = Tensor.zeros(be, c), invStd = Tensor.zeros(be, c);
        if (relu) {
            Fusion.batchNormTrainRelu(be, conv.storage(), gamma.storage(), beta.storage(),
                    residual == null ? null : residual.storage(), n, c, hw, eps, momentum, runningMean.storage(),
                    runningVar.storage(), y.storage(), mean.storage(), invStd.storage());
        } else {
            be.batchNormTrain(conv.storage(), gamma.storage(), beta.storage(), n, c, hw, eps, momentum,
                    runningMean.storage(), runningVar.storage(), y.storage(), mean.storage(), invStd.storage());
            if (residual != null) {
                be.binary(BinaryOp.ADD, y.storage(), residual.storage(), y.storage());
            }
        }
        be.release(conv.storage());   // the point of this op: recomputed in backward
        ConvBatchNorm fn = new ConvBatchNorm(g, x, w, gamma, mean, invStd, relu ? y.detach() : null, residual != null);
        return residual == null
                ? Autograd.record(fn, y, x, w, gamma, beta)
                : Autograd.record(fn, y, x, w, gamma, beta, residual);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Backend be = x.backend();
        ConvGeometry g = geometry;
        int c = g.outChannels(), n = g.batch(), hw = g.outHeight() * g.outWidth();
        Tensor conv = Tensor.empty(be, g.outputShape());
        be.conv2dForward(g, x.storage(), w.storage(), conv.storage());   // the recomputation
        Tensor dConv = Tensor.emptyLike(conv), dgamma = Tensor.zeros(be, c), dbeta = Tensor.zeros(be, c);
        Tensor dResidual = null;
        if (reluOutput != null && !residual) {
            Fusion.batchNormReluBackward(be, conv.storage(), reluOutput.storage(), dy.storage(), gamma.storage(),
                    mean.storage(), invStd.storage(), n, c, hw, dConv.storage(), dgamma.storage(), dbeta.storage());
        } else {
            Tensor dz = dy;
            if (reluOutput != null) {   // the residual's gradient is the masked dy: materialise it once
                dz = Tensor.emptyLike(dy);
                be.binary(BinaryOp.RELU_BACKWARD, dy.storage(), reluOutput.storage(), dz.storage());
            }
            be.batchNormBackward(conv.storage(), dz.storage(), gamma.storage(), mean.storage(), invStd.storage(),
                    n, c, hw, dConv.storage(), dgamma.storage(), dbeta.storage());
            dResidual = residual ? dz : null;
        }
        be.release(conv.storage());
        Tensor dx = null, dw = null;
        if (x.requiresGrad()) {
            dx = Tensor.emptyLike(x);
            be.conv2dBackwardData(g, dConv.storage(), w.storage(), dx.storage());
        }
        if (w.requiresGrad()) {
            dw = Tensor.emptyLike(w);
            be.conv2dBackwardFilter(g, x.storage(), dConv.storage(), dw.storage());
        }
        be.release(dConv.storage());
        return residual ? new Tensor[] {dx, dw, dgamma, dbeta, dResidual} : new Tensor[] {dx, dw, dgamma, dbeta};
    }

    @Override
    public String name() {
        return "conv_batch_norm" + (residual ? "_add" : "") + (reluOutput != null ? "_relu" : "");
    }
}
