package dev.hne.engine.ops;

import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.BinaryOp;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.backend.FusedKernels;
import dev.hne.engine.backend.RowGather;
import dev.hne.engine.backend.RowRuns;
import dev.hne.engine.backend.Storage;
import dev.hne.engine.backend.UnaryOp;

/**
 * The one place where an op chooses between a backend's optional fused kernel ({@link FusedKernels},
 * {@link RowGather}) and the same computation composed from {@link Backend} primitives. Each method
 * has the contract of the {@code FusedKernels} / {@code RowGather} method of that name; the
 * {@code composed...} methods are public so a test can run them on a backend that also fuses, and
 * compare. Temporaries of the composed versions go back to the backend's cache at once.
 */
public final class Fusion {

    private Fusion() {}

    /** y = act(batchNormInfer(conv(x, w)) + residual); see {@link FusedKernels#conv2dBatchNormActInfer}. */
    public static void conv2dBatchNormActInfer(Backend be, ConvGeometry g, Storage x, Storage w, int[] storedGroups,
                                               Storage gamma, Storage beta, Storage runningMean, Storage runningVar,
                                               float eps, Storage residual, UnaryOp act, Storage y) {
        if (be instanceof FusedKernels fused) {
            fused.conv2dBatchNormActInfer(g, x, w, storedGroups, gamma, beta, runningMean, runningVar, eps, residual,
                    act, y);
        } else {
            composedConv2dBatchNormActInfer(be, g, x, w, storedGroups, gamma, beta, runningMean, runningVar, eps,
                    residual, act, y);
        }
    }

    /**
     * Whether conv2dBatchNormActInfer for g writes y over its residual (y the residual's storage)
     * when the caller allows it; see {@link FusedKernels#writesOverResidual}. Never for the
     * composition, which is kept to the plain contract.
     */
    public static boolean writesOverResidual(Backend be, ConvGeometry g) {
        return be instanceof FusedKernels fused && fused.writesOverResidual(g);
    }

    /** The composition: the stored groups' filters and batch-norm channels gathered, then conv, batch norm, add, act. */
    public static void composedConv2dBatchNormActInfer(Backend be, ConvGeometry g, Storage x, Storage w,
                                                       int[] storedGroups, Storage gamma, Storage beta,
                                                       Storage runningMean, Storage runningVar, float eps,
                                                       Storage residual, UnaryOp act, Storage y) {
        if (storedGroups == null) {
            composedConv2dBatchNormActInfer(be, g, x, w, gamma, beta, runningMean, runningVar, eps, residual, act, y);
            return;
        }
        int perGroup = g.outPerGroup(), filters = perGroup * g.inPerGroup() * g.kernelH() * g.kernelW();
        Storage[] picked = {be.allocate((long) g.groups() * filters, false), be.allocate(g.outChannels(), false),
                be.allocate(g.outChannels(), false), be.allocate(g.outChannels(), false),
                be.allocate(g.outChannels(), false)};
        Storage[] stored = {w, gamma, beta, runningMean, runningVar};
        for (int i = 0; i < stored.length; i++) {
            gatherRows(be, stored[i], storedGroups, i == 0 ? filters : perGroup, picked[i]);
        }
        composedConv2dBatchNormActInfer(be, g, x, picked[0], picked[1], picked[2], picked[3], picked[4], eps, residual,
                act, y);
        for (Storage p : picked) be.release(p);
    }

    private static void composedConv2dBatchNormActInfer(Backend be, ConvGeometry g, Storage x, Storage w,
                                                        Storage gamma, Storage beta, Storage runningMean,
                                                        Storage runningVar, float eps, Storage residual, UnaryOp act,
                                                        Storage y) {
        long size = y.size();
        int hw = g.outHeight() * g.outWidth();
        Storage conv = be.allocate(size, false);
        be.conv2dForward(g, x, w, conv);
        Storage normed = residual == null && act == null ? y : be.allocate(size, false);
        be.batchNormInfer(conv, gamma, beta, runningMean, runningVar, g.batch(), g.outChannels(), hw, eps, normed);
        Storage summed = normed;
        if (residual != null) {
            summed = act == null ? y : conv;   // conv is dead by now: reuse it
            be.binary(BinaryOp.ADD, normed, residual, summed);
        }
        if (act != null) {
            be.unary(act, summed, y);
        }
        be.release(conv);
        if (normed != y) be.release(normed);
    }

    /** batchNormTrain, then out = relu(out + residual); see {@link FusedKernels#batchNormTrainRelu}. */
    public static void batchNormTrainRelu(Backend be, Storage x, Storage gamma, Storage beta, Storage residual, int n,
                                          int c, int hw, float eps, float momentum, Storage runningMean,
                                          Storage runningVar, Storage out, Storage saveMean, Storage saveInvStd) {
        if (be instanceof FusedKernels fused) {
            fused.batchNormTrainRelu(x, gamma, beta, residual, n, c, hw, eps, momentum, runningMean, runningVar, out,
                    saveMean, saveInvStd);
        } else {
            composedBatchNormTrainRelu(be, x, gamma, beta, residual, n, c, hw, eps, momentum, runningMean, runningVar,
                    out, saveMean, saveInvStd);
        }
    }

    public static void composedBatchNormTrainRelu(Backend be, Storage x, Storage gamma, Storage beta, Storage residual,
                                                  int n, int c, int hw, float eps, float momentum,
                                                  Storage runningMean, Storage runningVar, Storage out,
                                                  Storage saveMean, Storage saveInvStd) {
        be.batchNormTrain(x, gamma, beta, n, c, hw, eps, momentum, runningMean, runningVar, out, saveMean, saveInvStd);
        if (residual != null) {
            be.binary(BinaryOp.ADD, out, residual, out);
        }
        be.unary(UnaryOp.RELU, out, out);
    }

    /** batchNormBackward of dy masked where y <= 0; see {@link FusedKernels#batchNormReluBackward}. */
    public static void batchNormReluBackward(Backend be, Storage x, Storage y, Storage dy, Storage gamma,
                                             Storage saveMean, Storage saveInvStd, int n, int c, int hw, Storage dx,
                                             Storage dgamma, Storage dbeta) {
        if (be instanceof FusedKernels fused) {
            fused.batchNormReluBackward(x, y, dy, gamma, saveMean, saveInvStd, n, c, hw, dx, dgamma, dbeta);
        } else {
            composedBatchNormReluBackward(be, x, y, dy, gamma, saveMean, saveInvStd, n, c, hw, dx, dgamma, dbeta);
        }
    }

    public static void composedBatchNormReluBackward(Backend be, Storage x, Storage y, Storage dy, Storage gamma,
                                                     Storage saveMean, Storage saveInvStd, int n, int c, int hw,
                                                     Storage dx, Storage dgamma, Storage dbeta) {
        Storage masked = be.allocate(dy.size(), false);
        be.binary(BinaryOp.RELU_BACKWARD, dy, y, masked);
        be.batchNormBackward(x, masked, gamma, saveMean, saveInvStd, n, c, hw, dx, dgamma, dbeta);
        be.release(masked);
    }

    /** Row i of out = row rows[i] of x; see {@link RowGather#gatherRows}. */
    public static void gatherRows(Backend be, Storage x, int[] rows, int rowSize, Storage out) {
        if (be instanceof RowGather gather) {
            gather.gatherRows(x, rows, rowSize, out);
            return;
        }
        int xRows = (int) (x.size() / rowSize);
        RowRuns.forEach(rows, (from, at, count) ->
                be.copyChannels(x, xRows, from, out, rows.length, at, count, 1, rowSize, false));
    }
}
