package dev.hne.engine.backend.cpu;

import dev.hne.engine.Memory;
import dev.hne.engine.RuntimeOptions;
import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.BinaryOp;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.backend.FusedKernels;
import dev.hne.engine.backend.GroupSums;
import dev.hne.engine.backend.RowGather;
import dev.hne.engine.backend.Storage;
import dev.hne.engine.backend.UnaryOp;
import java.util.Arrays;

/**
 * The pure-Java backend. Convolutions and GEMM live in {@link CpuConv} and {@link CpuGemm}
 * (Vector API, register blocked); everything here is memory-bound, written as plain loops that the
 * JIT vectorises, split across cores by {@link Parallel} when the work is large enough.
 */
public final class CpuBackend implements Backend, FusedKernels, RowGather {

    /** The run's CPU backend, with one worker per core or {@code -Dhne.threads=N}. */
    public static final CpuBackend INSTANCE = withThreads(RuntimeOptions.current().threads());

    /** Below this many elements an elementwise loop runs on one thread. */
    private static final int GRAIN = 1 << 15;

    /**
     * The one cache of free arrays: what release() hands back (autograd's dead intermediates in
     * training, the tree's consumed activations in inference), reused by the next allocation it fits
     * (best fit, at most twice the size). release() detaches the array from its storage, so a use
     * after release fails.
     */
    private final BufferPool pool = BufferPool.forThisJvm();
    private final java.util.concurrent.atomic.LongAdder poolMisses = new java.util.concurrent.atomic.LongAdder();

    /** The thread pool every kernel of this backend runs on. */
    private final Parallel parallel;

    private CpuBackend(Parallel parallel) {
        this.parallel = parallel;
    }

    /**
     * A CPU backend of its own with {@code threads} workers. Results do not depend on the count
     * (see {@link Parallel}); this exists so a run (or a test) can choose it explicitly.
     */
    public static CpuBackend withThreads(int threads) {
        return new CpuBackend(new Parallel(threads));
    }

    /** Worker threads of this backend's pool. */
    public int threads() {
        return parallel.threads();
    }

    /** This backend's pool, for benchmarks that call the CPU kernels directly. */
    public Parallel parallel() {
        return parallel;
    }

    @Override
    public String name() {
        return "cpu";
    }

    private static float[] a(Storage s) {
        if (s instanceof CpuStorage cpu) {
            return cpu.data();
        }
        throw new IllegalArgumentException("cpu backend got storage of " + s.backend().name());
    }

    /** Floats of {@code s} that a kernel reads or writes (its array may be longer: see {@link BufferPool}). */
    private static int length(Storage s) {
        return (int) s.size();
    }

    // ---------------------------------------------------------------- memory

    @Override
    public Storage allocate(long size, boolean zeroed) {
        float[] reused = takePooled(size);
        if (reused == null) {
            if (size >= BufferPool.MIN_FLOATS) poolMisses.increment();
            return new CpuStorage(this, newArray((int) size), (int) size);   // a new Java array is already zero
        }
        if (zeroed) {
            Arrays.fill(reused, 0, (int) size, 0f);
        }
        return new CpuStorage(this, reused, (int) size);
    }

    @Override
    public void release(Storage storage) {
        if (storage instanceof CpuStorage cpu && !cpu.isReleased()) {
            pool.give(cpu.detachArray());
        }
    }

    /**
     * Allocations of a size the pool serves that it could not serve (a fresh array from the JVM),
     * since this backend was made: for memory reports, and the tests that prove a warmed-up
     * inference loop allocates nothing new.
     */
    public long poolMisses() {
        return poolMisses.sum();
    }

    /** Floats currently held free in the pool (for memory reports). */
    public long pooledFloats() {
        return pool.pooledFloats();
    }

    private float[] takePooled(long size) {
        checkSize(size);
        return size < BufferPool.MIN_FLOATS ? null : pool.take((int) size, Memory.isScratch());
    }

    private static void checkSize(long size) {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cpu backend: " + size + " floats exceed one Java array");
        }
    }

    private float[] newArray(int size) {
        try {
            return new float[size];
        } catch (OutOfMemoryError e) {
            pool.clear();   // arrays of other sizes may be what fills the heap; the retry collects them
            return new float[size];
        }
    }

    @Override
    public Storage upload(float[] host) {
        return new CpuStorage(this, host.clone(), host.length);
    }

    @Override
    public float[] download(Storage storage) {
        return Arrays.copyOf(a(storage), length(storage));
    }

    @Override
    public void fill(Storage storage, float value) {
        Arrays.fill(a(storage), 0, length(storage), value);
    }

    /** Every kernel returns when its work is done: nothing is queued. */
    @Override
    public void synchronize() {}

    // ---------------------------------------------------------------- elementwise

    @Override
    public void unary(UnaryOp op, Storage x, Storage out) {
        float[] in = a(x), o = a(out);
        parallel.forRange(length(x), GRAIN, (from, to) -> {
            switch (op) {
                case RELU -> VectorLoops.clamp(in, o, 0f, Float.POSITIVE_INFINITY, from, to);
                case RELU6 -> VectorLoops.clamp(in, o, 0f, 6f, from, to);
                case NEG -> VectorLoops.scaleShift(in, o, -1f, 0f, from, to);
                default -> { for (int i = from; i < to; i++) o[i] = (float) op.scalar.applyAsDouble(in[i]); }
            }
        });
    }

    @Override
    public void binary(BinaryOp op, Storage a, Storage b, Storage out) {
        float[] x = a(a), y = a(b), o = a(out);
        parallel.forRange(length(a), GRAIN, (from, to) -> {
            switch (op) {
                case ADD -> VectorLoops.add(x, y, o, from, to);
                case SUB -> VectorLoops.sub(x, y, o, from, to);
                case MUL -> VectorLoops.mul(x, y, o, from, to);
                case RELU_BACKWARD -> VectorLoops.passWhereInside(x, y, o, 0f, Float.POSITIVE_INFINITY, from, to);
                case RELU6_BACKWARD -> VectorLoops.passWhereInside(x, y, o, 0f, 6f, from, to);
            }
        });
    }

    @Override
    public void scale(Storage x, float alpha, Storage out) {
        float[] in = a(x), o = a(out);
        parallel.forRange(length(x), GRAIN, (from, to) -> VectorLoops.scaleShift(in, o, alpha, 0f, from, to));
    }

    @Override
    public void axpy(float alpha, Storage x, Storage y) {
        float[] in = a(x), o = a(y);
        parallel.forRange(length(x), GRAIN, (from, to) -> VectorLoops.axpy(alpha, in, o, from, to));
    }

    // ---------------------------------------------------------------- broadcast and reduce

    @Override
    public void addBias(Storage x, Storage bias, int outer, int mid, int inner, Storage out) {
        float[] in = a(x), b = a(bias), o = a(out);
        parallel.forRange(outer * mid, Math.max(1, GRAIN / inner), (from, to) -> {
            for (int row = from; row < to; row++) {
                VectorLoops.scaleShift(in, o, 1f, b[row % mid], row * inner, (row + 1) * inner);
            }
        });
    }

    @Override
    public void sumMiddle(Storage x, int outer, int mid, int inner, Storage out) {
        float[] in = a(x), o = a(out);
        for (int ou = 0; ou < outer; ou++) {
            int outBase = ou * inner;
            Arrays.fill(o, outBase, outBase + inner, 0f);
            for (int m = 0; m < mid; m++) {
                int base = (ou * mid + m) * inner;
                for (int i = 0; i < inner; i++) o[outBase + i] += in[base + i];
            }
        }
    }

    // ---------------------------------------------------------------- matmul and convolution

    @Override
    public void matmul(Storage a, boolean transA, Storage b, boolean transB, Storage c, int m, int n, int k) {
        CpuGemm.matmul(parallel, a(a), 0, transA, a(b), 0, transB, a(c), 0, m, n, k);
    }

    @Override
    public void conv2dForward(ConvGeometry g, Storage x, Storage w, Storage y) {
        CpuConv.forward(parallel, g, a(x), a(w), a(y));
    }

    @Override
    public void conv2dBackwardData(ConvGeometry g, Storage dy, Storage w, Storage dx) {
        CpuConv.backwardData(parallel, g, a(dy), a(w), a(dx));
    }

    @Override
    public void conv2dBackwardFilter(ConvGeometry g, Storage x, Storage dy, Storage dw) {
        CpuConv.backwardFilter(parallel, g, a(x), a(dy), a(dw));
    }

    @Override
    public void conv2dBatchNormActInfer(ConvGeometry g, Storage x, Storage w, int[] storedGroups, Storage gamma,
                                        Storage beta, Storage runningMean, Storage runningVar, float eps,
                                        Storage residual, UnaryOp act, Storage y) {
        float[] ga = a(gamma), be = a(beta), rm = a(runningMean), rv = a(runningVar);
        WeightGroups wg = WeightGroups.of(storedGroups);
        int c = g.outChannels(), perGroup = g.outPerGroup();
        float[] scale = new float[c], shift = new float[c];
        for (int ch = 0; ch < c; ch++) {
            int s = wg.channel(ch, perGroup);
            // the same float expressions as batchNormInfer, so folding changes only the rounding of the conv
            scale[ch] = ga[s] / (float) Math.sqrt(rv[s] + eps);
            shift[ch] = be[s] - rm[s] * scale[ch];
        }
        if (act != null && act != UnaryOp.RELU && act != UnaryOp.RELU6) {
            throw new IllegalArgumentException("conv2dBatchNormActInfer: activation " + act + " is not fused; use "
                    + "RELU, RELU6 or none");
        }
        float lo = act == null ? Float.NEGATIVE_INFINITY : 0f;
        float hi = act == UnaryOp.RELU6 ? 6f : Float.POSITIVE_INFINITY;
        CpuConv.forwardFused(parallel, g, a(x), a(w), wg, scale, shift, residual == null ? null : a(residual), lo, hi,
                a(y));
    }

    @Override
    public boolean writesOverResidual(ConvGeometry g) {
        return CpuConv.writesOverResidual(g);
    }

    // ---------------------------------------------------------------- batch norm

    @Override
    public void batchNormTrain(Storage x, Storage gamma, Storage beta, int n, int c, int hw, float eps, float momentum,
                               Storage runningMean, Storage runningVar, Storage out, Storage saveMean,
                               Storage saveInvStd) {
        batchNormTrain(x, gamma, beta, null, false, n, c, hw, eps, momentum, runningMean, runningVar, out, saveMean,
                saveInvStd);
    }

    @Override
    public void batchNormTrainRelu(Storage x, Storage gamma, Storage beta, Storage residual, int n, int c, int hw,
                                   float eps, float momentum, Storage runningMean, Storage runningVar, Storage out,
                                   Storage saveMean, Storage saveInvStd) {
        batchNormTrain(x, gamma, beta, residual, true, n, c, hw, eps, momentum, runningMean, runningVar, out, saveMean,
                saveInvStd);
    }

    /**
     * Statistics, then one pass writing out = scale * x + shift (+ residual) (then ReLU, when relu).
     * A task owns a block of channels and walks the batch outermost, so each image's rows of that
     * block are one contiguous run (channel by channel would read 8x8 planes of 256 bytes at a
     * stride of C*H*W floats, which the prefetchers follow badly).
     */
    private void batchNormTrain(Storage x, Storage gamma, Storage beta, Storage residual, boolean relu, int n, int c,
                                int hw, float eps, float momentum, Storage runningMean, Storage runningVar,
                                Storage out, Storage saveMean, Storage saveInvStd) {
        float[] in = a(x), ga = a(gamma), be = a(beta), rm = a(runningMean), rv = a(runningVar);
        float[] o = a(out), sm = a(saveMean), si = a(saveInvStd), res = residual == null ? null : a(residual);
        long count = (long) n * hw;
        WorkQueue.forRange(parallel, c, 1, (from, to) -> {
            int block = to - from;
            // Two passes: the mean first, then the centred sum of squares (no cancellation).
            // Each (sample, channel) row is reduced in float vectors, the rows summed in double.
            double[] sum = new double[block], sq = new double[block];
            float[] mean = new float[block], scale = new float[block], shift = new float[block];
            for (int b = 0; b < n; b++) {
                for (int ch = from; ch < to; ch++) sum[ch - from] += VectorLoops.sum(in, (b * c + ch) * hw, hw);
            }
            for (int i = 0; i < block; i++) mean[i] = (float) (sum[i] / count);
            for (int b = 0; b < n; b++) {
                for (int ch = from; ch < to; ch++) {
                    sq[ch - from] += VectorLoops.sumSquaredDeviation(in, (b * c + ch) * hw, hw, mean[ch - from]);
                }
            }
            for (int ch = from; ch < to; ch++) {
                int i = ch - from;
                double var = sq[i] / count;
                float invStd = (float) (1.0 / Math.sqrt(var + eps));
                scale[i] = ga[ch] * invStd;
                shift[i] = be[ch] - mean[i] * scale[i];
                sm[ch] = mean[i];
                si[ch] = invStd;
                double unbiased = count > 1 ? sq[i] / (count - 1) : var;
                rm[ch] = (float) ((1 - momentum) * rm[ch] + momentum * (sum[i] / count));
                rv[ch] = (float) ((1 - momentum) * rv[ch] + momentum * unbiased);
            }
            for (int b = 0; b < n; b++) {
                for (int ch = from; ch < to; ch++) {
                    int base = (b * c + ch) * hw, i = ch - from;
                    if (!relu) {
                        VectorLoops.scaleShift(in, o, scale[i], shift[i], base, base + hw);
                    } else {
                        VectorLoops.scaleShiftAddRelu(in, res, o, scale[i], shift[i], base, base + hw);
                    }
                }
            }
        });
    }

    @Override
    public void batchNormInfer(Storage x, Storage gamma, Storage beta, Storage runningMean, Storage runningVar,
                               int n, int c, int hw, float eps, Storage out) {
        float[] in = a(x), ga = a(gamma), be = a(beta), rm = a(runningMean), rv = a(runningVar), o = a(out);
        parallel.forRange(n * c, Math.max(1, GRAIN / hw), (from, to) -> {
            for (int row = from; row < to; row++) {
                int ch = row % c;
                float scale = ga[ch] / (float) Math.sqrt(rv[ch] + eps);
                VectorLoops.scaleShift(in, o, scale, be[ch] - rm[ch] * scale, row * hw, (row + 1) * hw);
            }
        });
    }

    @Override
    public void batchNormBackward(Storage x, Storage dy, Storage gamma, Storage saveMean, Storage saveInvStd,
                                  int n, int c, int hw, Storage dx, Storage dgamma, Storage dbeta) {
        batchNormBackward(a(x), null, a(dy), a(gamma), a(saveMean), a(saveInvStd), n, c, hw, a(dx), a(dgamma),
                a(dbeta));
    }

    @Override
    public void batchNormReluBackward(Storage x, Storage y, Storage dy, Storage gamma, Storage saveMean,
                                      Storage saveInvStd, int n, int c, int hw, Storage dx, Storage dgamma,
                                      Storage dbeta) {
        batchNormBackward(a(x), a(y), a(dy), a(gamma), a(saveMean), a(saveInvStd), n, c, hw, a(dx), a(dgamma),
                a(dbeta));
    }

    /**
     * Two passes: one reading dy and x for both sums, one writing dx; a task owns a block of channels
     * and walks the batch outermost (contiguous runs, as in batchNormTrain). With {@code reluOut}
     * non-null, dy is masked where the fused ReLU's output is 0, inside both passes (no masked copy).
     */
    private void batchNormBackward(float[] in, float[] reluOut, float[] d, float[] ga, float[] sm,
                                   float[] si, int n, int c, int hw, float[] o, float[] dg, float[] db) {
        long count = (long) n * hw;
        WorkQueue.forRange(parallel, c, 1, (from, to) -> {
            int block = to - from;
            double[] sums = new double[2 * block];   // per channel: sum(dy), sum(dy * (x - mean))
            double[] pair = new double[2];
            for (int b = 0; b < n; b++) {
                for (int ch = from; ch < to; ch++) {
                    int i = 2 * (ch - from);
                    pair[0] = sums[i];
                    pair[1] = sums[i + 1];
                    VectorLoops.batchNormBackwardSums(d, reluOut, in, sm[ch], (b * c + ch) * hw, hw, pair);
                    sums[i] = pair[0];
                    sums[i + 1] = pair[1];
                }
            }
            float[] k = new float[block], meanDy = new float[block], cc = new float[block];
            for (int ch = from; ch < to; ch++) {
                int i = ch - from;
                float invStd = si[ch];
                double sumDy = sums[2 * i], sumDyXhat = sums[2 * i + 1] * invStd;
                dg[ch] = (float) sumDyXhat;
                db[ch] = (float) sumDy;
                // dx = gamma * invStd * (dy - mean(dy) - xhat * mean(dy * xhat)), xhat = (x - mean) * invStd
                k[i] = ga[ch] * invStd;
                meanDy[i] = (float) (sumDy / count);
                cc[i] = invStd * (float) (sumDyXhat / count);
            }
            for (int b = 0; b < n; b++) {
                for (int ch = from; ch < to; ch++) {
                    int base = (b * c + ch) * hw, i = ch - from;
                    if (reluOut == null) {
                        VectorLoops.batchNormInputGradient(d, in, o, k[i], meanDy[i], sm[ch], cc[i], base, base + hw);
                    } else {
                        VectorLoops.batchNormReluInputGradient(d, reluOut, in, o, k[i], meanDy[i], sm[ch], cc[i],
                                base, base + hw);
                    }
                }
            }
        });
    }

    // ---------------------------------------------------------------- pooling

    @Override
    public void globalAvgPool(Storage x, int nc, int hw, Storage out) {
        float[] in = a(x), o = a(out);
        parallel.forRange(nc, Math.max(1, GRAIN / hw), (from, to) -> {
            for (int row = from; row < to; row++) {
                o[row] = VectorLoops.sum(in, row * hw, hw) / hw;
            }
        });
    }

    @Override
    public void globalAvgPoolBackward(Storage dy, int nc, int hw, Storage dx) {
        float[] d = a(dy), o = a(dx);
        parallel.forRange(nc, Math.max(1, GRAIN / hw), (from, to) -> {
            for (int row = from; row < to; row++) {
                Arrays.fill(o, row * hw, (row + 1) * hw, d[row] / hw);
            }
        });
    }

    // ---------------------------------------------------------------- softmax

    @Override
    public void softmax(Storage x, int rows, int cols, boolean log, Storage out) {
        float[] in = a(x), o = a(out);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) max = Math.max(max, in[base + j]);
            double sum = 0;
            for (int j = 0; j < cols; j++) sum += Math.exp(in[base + j] - max);
            if (log) {
                float logSum = (float) Math.log(sum) + max;
                for (int j = 0; j < cols; j++) o[base + j] = in[base + j] - logSum;
            } else {
                for (int j = 0; j < cols; j++) o[base + j] = (float) (Math.exp(in[base + j] - max) / sum);
            }
        }
    }

    @Override
    public void softmaxBackward(Storage y, Storage dy, int rows, int cols, boolean log, Storage dx) {
        float[] out = a(y), d = a(dy), o = a(dx);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            double dot = 0;
            for (int j = 0; j < cols; j++) dot += log ? d[base + j] : d[base + j] * out[base + j];
            for (int j = 0; j < cols; j++) {
                o[base + j] = log
                        ? d[base + j] - (float) (Math.exp(out[base + j]) * dot)
                        : out[base + j] * (d[base + j] - (float) dot);
            }
        }
    }

    // ---------------------------------------------------------------- channel copies

    /**
     * Row i of out = row rows[i] of x, the rows spread over the pool: a shrinking batch's cut copies
     * megabytes (adaptive evaluation), which on one thread took as long as a stage's convolutions
     * took on two. Each row is one copy, so the floats are the same for any split.
     */
    @Override
    public void gatherRows(Storage x, int[] rows, int rowSize, Storage out) {
        float[] s = a(x), d = a(out);
        parallel.forRange(rows.length, Math.max(1, GRAIN / rowSize), (r0, r1) -> {
            for (int i = r0; i < r1; i++) System.arraycopy(s, rows[i] * rowSize, d, i * rowSize, rowSize);
        });
    }

    @Override
    public void copyChannels(Storage src, int srcChannels, int srcStart, Storage dst, int dstChannels, int dstStart,
                             int count, int n, int hw, boolean accumulate) {
        float[] s = a(src), d = a(dst);
        int block = count * hw;
        parallel.forRange(n, Math.max(1, GRAIN / block), (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int from = (b * srcChannels + srcStart) * hw, to = (b * dstChannels + dstStart) * hw;
                if (accumulate) {
                    VectorLoops.add(s, from, d, to, block);
                } else {
                    System.arraycopy(s, from, d, to, block);
                }
            }
        });
    }

    @Override
    public void gatherGroups(Storage x, int n, int groups, int groupChannels, int hw, int[] index, Storage out) {
        GroupSums.checkIndex("gather_groups", index, groups);
        float[] in = a(x), o = a(out);
        int block = groupChannels * hw, k = index.length;
        WorkQueue.forRange(parallel, n * k, Math.max(1, GRAIN / block), (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int b = t / k, i = t % k;
                System.arraycopy(in, (b * groups + index[i]) * block, o, t * block, block);
            }
        });
    }

    @Override
    public void gatherGroupsBackward(Storage dy, int n, int groups, int groupChannels, int hw, int[] index,
                                     Storage dx) {
        GroupSums.checkIndex("gather_groups", index, groups);
        float[] d = a(dy), o = a(dx);
        int block = groupChannels * hw, k = index.length;
        int[][] sources = GroupSums.byGroup(index, groups);
        int depths = 32 - Integer.numberOfLeadingZeros(Math.max(1, k));   // scratch blocks the deepest sum needs
        WorkQueue.forRange(parallel, n * groups, Math.max(1, GRAIN / block), (t0, t1) -> {
            float[] scratch = null;   // for groups with more than two children (multi-branch, independent trees)
            for (int t = t0; t < t1; t++) {
                int b = t / groups;
                int[] from = sources[t % groups];
                if (from.length > 2 && scratch == null) scratch = new float[block * depths];
                sumGroups(d, b * k * block, from, 0, from.length, block, o, t * block, scratch, 0);
            }
        });
    }

    /**
     * dst = the sum of dy's groups from[lo .. lo+count) (offsets relative to base), added in
     * {@link GroupSums}'s balanced order; scratch holds one block per recursion depth.
     */
    private static void sumGroups(float[] dy, int base, int[] from, int lo, int count, int block, float[] dst,
                                  int dstOffset, float[] scratch, int depth) {
        switch (count) {
            case 0 -> Arrays.fill(dst, dstOffset, dstOffset + block, 0f);
            case 1 -> System.arraycopy(dy, base + from[lo] * block, dst, dstOffset, block);
            case 2 -> VectorLoops.addRows(dy, base + from[lo] * block, dy, base + from[lo + 1] * block, dst, dstOffset,
                    block);
            default -> {
                int left = GroupSums.leftPart(count);
                sumGroups(dy, base, from, lo, left, block, dst, dstOffset, scratch, depth + 1);
                int tmp = depth * block;
                sumGroups(dy, base, from, lo + left, count - left, block, scratch, tmp, scratch, depth + 1);
                VectorLoops.addRows(dst, dstOffset, scratch, tmp, dst, dstOffset, block);
            }
        }
    }

    // ---------------------------------------------------------------- optimizer

    @Override
    public void sgdUpdate(Storage param, Storage grad, Storage velocity, float lr, float momentum, float weightDecay,
                          boolean nesterov) {
        float[] p = a(param), gr = a(grad), v = a(velocity);
        parallel.forRange(length(param), GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                float g = gr[i] + weightDecay * p[i];
                v[i] = momentum * v[i] + g;
                p[i] -= lr * (nesterov ? g + momentum * v[i] : v[i]);
            }
        });
    }
}
