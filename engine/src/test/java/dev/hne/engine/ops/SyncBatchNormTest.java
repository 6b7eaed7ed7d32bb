package dev.hne.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.hne.engine.Tensor;
import dev.hne.engine.dist.Communicator;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link SyncBatchNorm} on R ranks equals {@link BatchNorm#train} on the union of their batches:
 * the output rows, the running statistics, the input gradient rows, and (summed over ranks) the
 * gamma and beta gradients. The ranks are threads of this JVM joined by {@link ThreadRanks}, an
 * in-memory all-reduce, so the arithmetic of the op is tested without mpirun (the mpirun test in
 * hne-core checks the MPI path end to end). Uneven local batches (2 and 3 images) make a
 * per-rank count instead of the global one show. The loss is sum(y * c) for a fixed random c, so
 * each rank's loss is its share of the global loss and no 1/R factor enters.
 */
class SyncBatchNormTest {

    private static final int C = 3, H = 4, W = 2;

    @Test
    void twoRanksEqualOneFullBatch() throws Exception {
        int[] rows = {2, 3};
        Random rng = new Random(21);
        Tensor full = Tensor.randn(rng, 1.5f, 5, C, H, W);
        Tensor weight = Tensor.randn(rng, 1f, 5, C, H, W);
        float[] gamma = {0.5f, 1.5f, -1f}, beta = {0.1f, -0.2f, 0.3f};

        // Reference: one process, the whole batch.
        Tensor x = full.detach().requiresGrad(true);
        Tensor g = Tensor.of(gamma.clone(), C).requiresGrad(true), b = Tensor.of(beta.clone(), C).requiresGrad(true);
        Tensor rm = Tensor.zeros(C), rv = ones();
        Tensor y = BatchNorm.train(x, g, b, rm, rv, 0.1f, 1e-5f);
        float[] yRef = y.toArray();   // before backward, which frees what the product saved
        y.mul(weight).sum().backward();
        float[] dxRef = x.grad().toArray();

        ThreadRanks ranks = new ThreadRanks(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<float[][]>[] out = new Future[2];
            for (int r = 0; r < 2; r++) {
                int rank = r, from = r == 0 ? 0 : rows[0];
                out[r] = pool.submit(() -> {
                    Tensor xr = rows(full, from, rows[rank]).requiresGrad(true);
                    Tensor gr = Tensor.of(gamma.clone(), C).requiresGrad(true), br = Tensor.of(beta.clone(), C).requiresGrad(true);
                    Tensor rmr = Tensor.zeros(C), rvr = ones();
                    Tensor yr = SyncBatchNorm.train(xr, gr, br, rmr, rvr, 0.1f, 1e-5f, ranks.rank(rank));
                    float[] yValues = yr.toArray();
                    yr.mul(rows(weight, from, rows[rank])).sum().backward();
                    return new float[][] {yValues, xr.grad().toArray(), gr.grad().toArray(), br.grad().toArray(),
                            rmr.toArray(), rvr.toArray()};
                });
            }
            float[][] r0 = out[0].get(), r1 = out[1].get();
            assertArrayEquals(yRef, concat(r0[0], r1[0]), 1e-5f, "outputs");
            assertArrayEquals(dxRef, concat(r0[1], r1[1]), 1e-5f, "input gradients");
            assertArrayEquals(g.grad().toArray(), sum(r0[2], r1[2]), 1e-4f, "gamma gradient summed over ranks");
            assertArrayEquals(b.grad().toArray(), sum(r0[3], r1[3]), 1e-4f, "beta gradient summed over ranks");
            for (float[][] r : new float[][][] {r0, r1}) {
                assertArrayEquals(rm.toArray(), r[4], 1e-6f, "running mean of the global batch");
                assertArrayEquals(rv.toArray(), r[5], 1e-6f, "running (unbiased) variance of the global batch");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oneRankIsPlainBatchNorm() {
        Random rng = new Random(3);
        Tensor x = Tensor.randn(rng, 1f, 4, C, H, W);
        Tensor g = Tensor.of(new float[] {1f, 2f, 0.5f}, C), b = Tensor.of(new float[] {0f, 1f, -1f}, C);
        Tensor rm1 = Tensor.zeros(C), rv1 = ones(), rm2 = Tensor.zeros(C), rv2 = ones();
        float[] plain = BatchNorm.train(x, g, b, rm1, rv1, 0.2f, 1e-3f).toArray();
        float[] sync = SyncBatchNorm.train(x, g, b, rm2, rv2, 0.2f, 1e-3f, new ThreadRanks(1).rank(0)).toArray();
        assertArrayEquals(plain, sync, 1e-5f);
        assertArrayEquals(rm1.toArray(), rm2.toArray(), 1e-6f);
        assertArrayEquals(rv1.toArray(), rv2.toArray(), 1e-6f);
    }

    private static Tensor ones() {
        float[] v = new float[C];
        Arrays.fill(v, 1f);
        return Tensor.of(v, C);
    }

    private static Tensor rows(Tensor t, int from, int count) {
        int per = C * H * W;
        return Tensor.of(Arrays.copyOfRange(t.toArray(), from * per, (from + count) * per), count, C, H, W);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static float[] sum(float[] a, float[] b) {
        float[] c = a.clone();
        for (int i = 0; i < c.length; i++) c[i] += b[i];
        return c;
    }

    /**
     * R ranks as threads: an all-reduce is "deposit, wait for all, add the deposits in rank order,
     * wait again", so every rank gets the same bits, as MPI promises.
     */
    static final class ThreadRanks {
        private final int size;
        private final CyclicBarrier barrier;
        private final double[][] deposits;

        ThreadRanks(int size) {
            this.size = size;
            this.barrier = new CyclicBarrier(size);
            this.deposits = new double[size][];
        }

        Communicator rank(int rank) {
            return new Communicator() {
                @Override public int rank() { return rank; }
                @Override public int size() { return size; }

                @Override
                public void allreduceSum(double[] data) {
                    deposits[rank] = data.clone();
                    await();
                    Arrays.fill(data, 0);
                    for (double[] d : deposits) for (int i = 0; i < data.length; i++) data[i] += d[i];
                    await();
                }

                @Override
                public void allreduceSum(float[] data, int offset, int count) {
                    double[] d = new double[count];
                    for (int i = 0; i < count; i++) d[i] = data[offset + i];
                    allreduceSum(d);
                    for (int i = 0; i < count; i++) data[offset + i] = (float) d[i];
                }

                @Override public void broadcast(float[] data, int offset, int count, int root) {
                    throw new UnsupportedOperationException("not used by batch norm");
                }
                @Override public void barrier() { await(); }
                @Override public void abort(int exitCode) { throw new IllegalStateException("abort " + exitCode); }
                @Override public void close() {}
            };
        }

        private void await() {
            try {
                barrier.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
