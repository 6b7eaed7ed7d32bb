package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;
import dev.hne.engine.dist.Communicator;

/**
 * Training-mode batch norm whose statistics are those of the GLOBAL batch, the union of every rank's
 * local batch ({@code --sync-bn}, docs/distributed.md). Dimension legend: x is (N, C, HW) per rank,
 * M = the global count of values per channel (sum over ranks of N * HW).
 *
 * <pre>
 *   forward   mean_c = allreduce(sum x) / M                   (1st all-reduce: sums and counts)
 *             var_c  = allreduce(sum (x - mean_c)^2) / M      (2nd: centred squares, no cancellation)
 *             y = gamma (x - mean) / sqrt(var + eps) + beta; running statistics as BatchNorm (unbiased var)
 *   backward  with xhat = (x - mean) invStd:
 *             s1_c = allreduce(sum dy), s2_c = allreduce(sum dy xhat)
 *             dx = gamma invStd (dy - s1 / M - xhat s2 / M)
 *             dgamma = local sum dy xhat, dbeta = local sum dy (the gradient averaging then sums them)
 * </pre>
 *
 * Each rank's loss is the mean over its own batch, so its dy is R times the global-batch loss's; the
 * formula is linear in dy, and averaging the parameter gradients over the R ranks divides by R
 * again: the result is the gradient of one process training on the global batch.
 *
 * <p>Plain double-precision loops over host copies: correct on every backend, not fast (it is an
 * option for small per-rank batches, where statistics of a few images are too noisy).
 */
public final class SyncBatchNorm extends Function {

    private final Communicator comm;
    private final Tensor x;
    private final Tensor gamma;
    private final float[] mean;      // (C)
    private final float[] invStd;    // (C)
    private final long globalCount;

    private SyncBatchNorm(Communicator comm, Tensor x, Tensor gamma, float[] mean, float[] invStd, long globalCount) {
        this.comm = comm;
        this.x = x;
        this.gamma = gamma;
        this.mean = mean;
        this.invStd = invStd;
        this.globalCount = globalCount;
        saveForBackward(x, gamma);
    }

    public static Tensor train(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                               float momentum, float eps, Communicator comm) {
        int c = BatchNorm.check(x, gamma, beta, runningMean, runningVar);
        int n = x.dim(0), hw = Shapes.spatial(x);
        float[] in = x.toArray(), g = gamma.toArray(), b = beta.toArray();
        double[] sums = new double[c + 1];   // per-channel sums, then the local count
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * hw;
                for (int k = 0; k < hw; k++) sums[ch] += in[base + k];
            }
        }
        sums[c] = (double) n * hw;
        comm.allreduceSum(sums);
        long count = (long) sums[c];
        float[] mean = new float[c];
        for (int ch = 0; ch < c; ch++) mean[ch] = (float) (sums[ch] / count);
        double[] squares = new double[c];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * hw;
                for (int k = 0; k < hw; k++) {
                    double d = in[base + k] - mean[ch];
                    squares[ch] += d * d;
                }
            }
        }
        comm.allreduceSum(squares);
        float[] invStd = new float[c], rm = runningMean.toArray(), rv = runningVar.toArray();
        float[] y = new float[in.length];
        for (int ch = 0; ch < c; ch++) {
            double var = squares[ch] / count;
            invStd[ch] = (float) (1.0 / Math.sqrt(var + eps));
            double unbiased = count > 1 ? squares[ch] / (count - 1) : var;
            rm[ch] = (float) ((1 - momentum) * rm[ch] + momentum * (sums[ch] / count));
            rv[ch] = (float) ((1 - momentum) * rv[ch] + momentum * unbiased);
        }
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * hw;
                float scale = g[ch] * invStd[ch], shift = b[ch] - mean[ch] * scale;
                for (int k = 0; k < hw; k++) y[base + k] = in[base + k] * scale + shift;
            }
        }
        overwrite(runningMean, rm);
        overwrite(runningVar, rv);
        Tensor out = new Tensor(x.backend().upload(y), x.shape());
        return Autograd.record(new SyncBatchNorm(comm, x, gamma, mean, invStd, count), out, x, gamma, beta);
    }

    /** Running statistics are buffers updated in place, as the backend's batch norm does. */
    private static void overwrite(Tensor buffer, float[] values) {
        Tensor fresh = new Tensor(buffer.backend().upload(values), buffer.shape());
        buffer.backend().scale(fresh.storage(), 1f, buffer.storage());
    }

    @Override
    protected Tensor[] backward(Tensor dyTensor) {
        int c = x.dim(1), n = x.dim(0), hw = Shapes.spatial(x);
        float[] in = x.toArray(), dy = dyTensor.toArray(), g = gamma.toArray();
        double[] sums = new double[2 * c];   // sum dy, then sum dy xhat, per channel
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * hw;
                for (int k = 0; k < hw; k++) {
                    double xhat = (in[base + k] - mean[ch]) * (double) invStd[ch];
                    sums[ch] += dy[base + k];
                    sums[c + ch] += dy[base + k] * xhat;
                }
            }
        }
        float[] dgamma = new float[c], dbeta = new float[c];
        for (int ch = 0; ch < c; ch++) {
            dbeta[ch] = (float) sums[ch];
            dgamma[ch] = (float) sums[c + ch];
        }
        comm.allreduceSum(sums);
        float[] dx = new float[in.length];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * hw;
                double meanDy = sums[ch] / globalCount, meanDyXhat = sums[c + ch] / globalCount;
                double k0 = g[ch] * (double) invStd[ch];
                for (int k = 0; k < hw; k++) {
                    double xhat = (in[base + k] - mean[ch]) * (double) invStd[ch];
                    dx[base + k] = (float) (k0 * (dy[base + k] - meanDy - xhat * meanDyXhat));
                }
            }
        }
        var be = x.backend();
        return new Tensor[] {new Tensor(be.upload(dx), x.shape()), new Tensor(be.upload(dgamma), c),
                new Tensor(be.upload(dbeta), c)};
    }

    @Override
    public String name() {
        return "sync_batch_norm";
    }
}
