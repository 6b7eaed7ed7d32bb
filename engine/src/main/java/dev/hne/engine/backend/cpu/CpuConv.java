package dev.hne.engine.backend.cpu;

import static dev.hne.engine.backend.cpu.MicroKernel.NR;

import dev.hne.engine.backend.ConvGeometry;
import java.util.Arrays;

/**
 * Grouped 2-D convolution on the CPU (layouts in {@link ConvGeometry}). Outputs are overwritten.
 *
 * <p>Three routes: depthwise convolutions go to {@link DepthwiseConv} (direct, memory-bound);
 * everything else is one GEMM per (image, group) on {@link GemmDriver}, with the weights packed once
 * per call. For a 1x1, stride 1, padding 0 convolution the input plane already is the GEMM operand;
 * otherwise {@link Im2col} unfolds it first. (The forward of a 1x1 convolution of 1x1 planes, a
 * linear layer, is a dot product per output instead: {@code forwardDots}.) Per group g, with K = Cin/G * KH * KW:
 * <pre>
 *   forward          y[n,g](Cout/G, OH*OW) = w[g](Cout/G, K) * col[n,g](K, OH*OW)
 *   backward-data  dcol[n,g](K, OH*OW)     = w[g]^T * dy[n,g](Cout/G, OH*OW), then col2im into dx
 *   backward-filter  dw[g](Cout/G, K)      = sum_n dy[n,g] * col[n,g]^T
 * </pre>
 * The naive loops are kept in {@link NaiveKernels} ({@code -Dhne.cpu.naive=true}).
 */
public final class CpuConv {

    private CpuConv() {}

    // ---------------------------------------------------------------- forward

    public static void forward(Parallel par, ConvGeometry g, float[] x, float[] w, float[] y) {
        if (NaiveKernels.ENABLED) {
            NaiveKernels.forward(g, x, w, y);
            return;
        }
        if (g.isDepthwise()) {
            DepthwiseConv.forward(par, g, x, w, y);
            return;
        }
        if (g.isPointwise() && g.height() == 1 && g.width() == 1) {
            forwardDots(par, g, x, w, y);
            return;
        }
        int groups = g.groups(), cin = g.inPerGroup(), cout = g.outPerGroup();
        int k = cin * g.kernelH() * g.kernelW(), hw = g.height() * g.width(), ohw = g.outHeight() * g.outWidth();
        int panel = GemmDriver.packedASize(cout, k);
        float[] ap = Scratch.get(Scratch.Slot.PACKED_A, groups * panel);
        for (int gi = 0; gi < groups; gi++) {
            GemmDriver.packA(w, gi * cout * k, k, false, cout, k, ap, gi * panel);
        }
        boolean pointwise = g.isPointwise();
        long macs = g.macs();
        ColumnSplit split = ColumnSplit.of(par, g.batch() * groups, ohw, macs);
        WorkQueue.forRange(par, g.batch() * groups * split.chunks, 1, macs, (from, to) -> {
            for (int t = from; t < to; t++) {
                int ng = t / split.chunks, n = ng / groups, gi = ng % groups;
                int j0 = (t % split.chunks) * split.width, cols = Math.min(ohw, j0 + split.width) - j0;
                int yOff = (n * g.outChannels() + gi * cout) * ohw + j0;
                if (pointwise) {
                    int xOff = (n * g.inChannels() + gi * cin) * hw + j0;
                    GemmDriver.multiply(ap, gi * panel, cout, cols, k, x, xOff, hw, false, y, yOff, ohw, false);
                } else {
                    float[] col = Scratch.get(Scratch.Slot.COLUMNS, k * cols);
                    Im2col.gather(g, x, n, gi, j0, j0 + cols, col);
                    GemmDriver.multiply(ap, gi * panel, cout, cols, k, col, 0, cols, false, y, yOff, ohw, false);
                }
            }
        });
    }

    /**
     * A 1x1 convolution of 1x1 planes, which is how a linear layer runs (BranchLinear): each output is
     * one dot product of a filter's Cin/G weights with an image's Cin/G inputs. The GEMM route packed
     * every weight on every call and filled its 32-column micro-tiles with a single real column: the
     * 1000-class head of mobilenet-hne took about a third of a batch-1 forward pass that way
     * (docs/performance.md). Each dot is summed in one fixed order, whoever computes it. Each weight
     * is read once per image, so the loop is memory-bound and forks as such.
     */
    private static void forwardDots(Parallel par, ConvGeometry g, float[] x, float[] w, float[] y) {
        int cin = g.inPerGroup(), cout = g.outPerGroup(), channels = g.outChannels();
        WorkQueue.forRange(par, g.batch() * channels, 1, g.macs() * Parallel.MEMORY_BOUND_WEIGHT, (from, to) -> {
            for (int r = from; r < to; r++) {   // r = n * Cout + co: y's own index
                int n = r / channels, co = r % channels;
                y[r] = VectorLoops.dot(w, co * cin, x, n * g.inChannels() + co / cout * cin, cin);
            }
        });
    }

    // ---------------------------------------------------------------- fused inference forward

    /**
     * y = clamp(scale[co] * conv(x, w)[co] + shift[co] (+ residual), lo, hi) per output channel co:
     * a convolution followed by an eval-mode batch norm (scale = gamma / sqrt(var + eps),
     * shift = beta - mean * scale), optionally a residual add, and ReLU (lo 0), ReLU6 (lo 0, hi 6)
     * or nothing (lo -inf, hi +inf), in one pass. The scale is folded into the weights, as they are
     * packed or, when they are read in place ({@link #readsWeightsInPlace}), in the micro-kernel's
     * registers, and the rest is applied to each output tile while it is in L1 ({@link Epilogue}),
     * so the output is written once.
     *
     * @param w        stored weights: group gi of g reads stored group {@code wg.of(gi)}'s (Cout/G, Cin/G, KH, KW)
     * @param scale    (Cout) per-channel multiplier, in g's channel order
     * @param shift    (Cout) per-channel additive term, in g's channel order
     * @param residual (N, Cout, OH, OW) added before the clamp, or null; it may be y itself where
     *                 {@link #canWriteOverResidual} allows
     */
    static void forwardFused(Parallel par, ConvGeometry g, float[] x, float[] w, WeightGroups wg, float[] scale,
                             float[] shift, float[] residual, float lo, float hi, float[] y) {
        if (residual == y && !canWriteOverResidual(g)) {
            throw new IllegalArgumentException("the fused convolution " + g + " cannot write its output over its "
                    + "residual (depthwise, naive kernels, or k > " + GemmDriver.KC + " with packed weights)");
        }
        Epilogue epilogue = new Epilogue(shift, 0, residual, lo, hi);
        if (NaiveKernels.ENABLED) {
            int filters = g.outPerGroup() * g.inPerGroup() * g.kernelH() * g.kernelW();
            NaiveKernels.forward(g, x, wg.gather(w, g.groups(), filters), y);
            int ohw = g.outHeight() * g.outWidth();
            for (int plane = 0; plane < g.batch() * g.outChannels(); plane++) {
                int co = plane % g.outChannels();
                for (int i = plane * ohw; i < (plane + 1) * ohw; i++) y[i] *= scale[co];
                epilogue.applyRow(y, plane * ohw, ohw, shift[co]);
            }
            return;
        }
        if (g.isDepthwise()) {
            DepthwiseConv.forwardFused(par, g, x, w, wg, scale, epilogue, y);
            return;
        }
        int groups = g.groups(), cin = g.inPerGroup(), cout = g.outPerGroup();
        int k = cin * g.kernelH() * g.kernelW(), hw = g.height() * g.width(), ohw = g.outHeight() * g.outWidth();
        boolean pointwise = g.isPointwise();
        if (readsWeightsInPlace(g)) {
            forwardFusedInPlaceWeights(par, g, x, w, wg, scale, epilogue, y);
            return;
        }
        // Ragged output rows per group, or many columns: weights packed once per call, scale folded in.
        int panel = GemmDriver.packedASize(cout, k);
        float[] ap = Scratch.get(Scratch.Slot.PACKED_A, groups * panel);
        for (int gi = 0; gi < groups; gi++) {
            GemmDriver.packA(w, wg.of(gi) * cout * k, k, false, cout, k, scale, gi * cout, ap, gi * panel);
        }
        long macs = g.macs();
        ColumnSplit split = ColumnSplit.of(par, g.batch() * groups, ohw, macs);
        WorkQueue.forRange(par, g.batch() * groups * split.chunks, 1, macs, (from, to) -> {
            for (int t = from; t < to; t++) {
                int ng = t / split.chunks, n = ng / groups, gi = ng % groups;
                int j0 = (t % split.chunks) * split.width, cols = Math.min(ohw, j0 + split.width) - j0;
                int yOff = (n * g.outChannels() + gi * cout) * ohw + j0;
                Epilogue rows = epilogue.atRow(gi * cout);
                if (pointwise) {
                    int xOff = (n * g.inChannels() + gi * cin) * hw + j0;
                    GemmDriver.multiply(ap, gi * panel, cout, cols, k, x, xOff, hw, false, y, yOff, ohw, false, rows);
                } else {
                    float[] col = Scratch.get(Scratch.Slot.COLUMNS, k * cols);
                    Im2col.gather(g, x, n, gi, j0, j0 + cols, col);
                    GemmDriver.multiply(ap, gi * panel, cout, cols, k, col, 0, cols, false, y, yOff, ohw, false, rows);
                }
            }
        });
    }

    /**
     * Below this many output columns per call (batch x OH x OW), forwardFused reads whole-tile
     * weights in place; from it on, it packs them once per call (scale folded) for the packed
     * micro-kernel, which in L1 runs 1.2x (k = 256) to 1.7x (k = 16) as fast as the one that reads 8
     * weight rows in place.
     * The pack is done by the calling thread and costs a pass over the weights, repaid only when
     * they serve enough columns: at batch 1 (at most 1024 columns here) packing every layer made
     * resnet-hne 1.2-1.4x slower, while at batch 64 this threshold made it 2-11% faster in
     * interleaved pairs (a JMH A/B on a noisy machine stayed within its noise; docs/performance.md,
     * "Batch 64: the GEMM's tile order").
     */
    static final long PACK_WEIGHTS_MIN_COLUMNS = 4096;

    /**
     * Whether forwardFused may write y over its residual for g (y and residual the same array): on
     * the GEMM routes every micro-tile reads its residual values before it stores its output at the
     * same indices, and different tiles (and threads) own different indices. Not where the output
     * is written before the residual is read: the depthwise routes (a plane first, then the epilogue
     * over it), the naive kernels, and packed weights with k > KC (partial sums in y).
     */
    static boolean canWriteOverResidual(ConvGeometry g) {
        if (NaiveKernels.ENABLED || g.isDepthwise()) {
            return false;
        }
        return readsWeightsInPlace(g) || g.inPerGroup() * g.kernelH() * g.kernelW() <= GemmDriver.KC;
    }

    /**
     * Whether the backend writes y over the residual for g when the caller allows it: where it
     * can, and the output is at least {@link #OVER_RESIDUAL_MIN_FLOATS}.
     */
    static boolean writesOverResidual(ConvGeometry g) {
        return canWriteOverResidual(g) && (long) g.batch() * g.outChannels() * g.outHeight() * g.outWidth()
                >= OVER_RESIDUAL_MIN_FLOATS;
    }

    /**
     * From this many output floats (4 MB) on, a residual layer writes its output over its residual.
     * An output that large streams from memory, and writing over a tensor the kernel reads anyway
     * saves the read for ownership of a separate output's lines; a smaller one stays in the cores'
     * caches between layers, where rewriting a line the other thread wrote last (chunks go to
     * whichever thread is free) costs more than a fresh line. Per layer, 2 threads of the Zen 5 VM
     * (docs/performance.md, "Writing over the residual"), time over / apart: 16 -> 64 at 32 x 32,
     * batch 64 (16 MB) 0.82, batch 16 (4 MB) 1.03, batch 2 1.28, batch 1 1.50; 64 -> 256 at 8 x 8,
     * batch 64 (4 MB) 0.94, batch 1 0.97.
     */
    static final long OVER_RESIDUAL_MIN_FLOATS = 1 << 20;

    /** Whether forwardFused reads g's weights in place: whole micro-tiles per group, and few columns. */
    private static boolean readsWeightsInPlace(ConvGeometry g) {
        long columns = (long) g.batch() * g.outHeight() * g.outWidth();
        return g.outPerGroup() % MicroKernel.MR == 0 && columns < PACK_WEIGHTS_MIN_COLUMNS;
    }

    /**
     * forwardFused when every group's output rows fill whole micro-tiles and the call has few
     * columns: the weights are read in place by the micro-kernel (no packed copy, which at batch 1
     * cost more memory traffic than the GEMM), and scale, shift, residual and clamp are applied in
     * its registers.
     */
    private static void forwardFusedInPlaceWeights(Parallel par, ConvGeometry g, float[] x, float[] w, WeightGroups wg,
                                                   float[] scale, Epilogue e, float[] y) {
        int groups = g.groups(), cin = g.inPerGroup(), cout = g.outPerGroup();
        int k = cin * g.kernelH() * g.kernelW(), hw = g.height() * g.width(), ohw = g.outHeight() * g.outWidth();
        boolean pointwise = g.isPointwise();
        long macs = g.macs();
        if (pointwise && splitsOutputChannels(par, g)) {
            forwardPointwiseByChannels(par, g, x, w, wg, scale, e, y);
            return;
        }
        ColumnSplit split = ColumnSplit.of(par, g.batch() * groups, ohw, macs);
        WorkQueue.forRange(par, g.batch() * groups * split.chunks, 1, macs, (from, to) -> {
            for (int t = from; t < to; t++) {
                int ng = t / split.chunks, n = ng / groups, gi = ng % groups;
                int j0 = (t % split.chunks) * split.width, cols = Math.min(ohw, j0 + split.width) - j0;
                int yOff = (n * g.outChannels() + gi * cout) * ohw + j0;
                if (pointwise) {
                    int xOff = (n * g.inChannels() + gi * cin) * hw + j0;
                    GemmDriver.multiplyRowsFused(w, wg.of(gi) * cout * k, k, cout, cols, k, x, xOff, hw, false,
                            y, yOff, ohw, scale, e.shift(), gi * cout, e.residual(), e.lo(), e.hi());
                } else {
                    float[] col = Scratch.get(Scratch.Slot.COLUMNS, k * cols);
                    Im2col.gather(g, x, n, gi, j0, j0 + cols, col);
                    GemmDriver.multiplyRowsFused(w, wg.of(gi) * cout * k, k, cout, cols, k, col, 0, cols, false,
                            y, yOff, ohw, scale, e.shift(), gi * cout, e.residual(), e.lo(), e.hi());
                }
            }
        });
    }

    /**
     * Whether a 1x1 convolution read in place cuts its output channels among the threads instead of
     * its columns: when there are fewer (image, group) pairs than threads (one image, one branch),
     * the layer widens (Cin/G < Cout/G: its output is larger than its input) and each thread gets
     * whole micro-tiles of rows. Cut by rows, every thread packs all of the input but reads only its
     * rows' weights and writes one contiguous block of output; cut by columns, every thread reads all
     * the weights and writes part of every plane. Per layer at batch 1 (2 threads, in the network):
     * 16 -> 64 at 32 x 32 37.0 -> 31.9 us, 32 -> 128 at 16 x 16 28.8 -> 26.1, 64 -> 256 at 8 x 8
     * 21.7 -> 19.5; the narrowing layers were slower cut by rows (64 -> 16 30.7 -> 56.6, 256 -> 64
     * 23.6 -> 26.5), their input being the larger part.
     */
    private static boolean splitsOutputChannels(Parallel par, ConvGeometry g) {
        int threads = par.threads();
        return g.batch() * g.groups() < threads && g.inPerGroup() < g.outPerGroup() && par.worthForking(g.macs())
                && g.outPerGroup() % (MicroKernel.MR * threads) == 0;
    }

    /**
     * A 1x1 convolution of one (image, group) pair cut by output channels, one contiguous block of
     * rows per thread: each thread reads only its rows' weights and writes one contiguous part of the
     * output, where a cut by columns has every thread read all the weights and write parts of every
     * plane (at batch 1, two threads then ran most such layers no faster than one; docs/performance.md).
     */
    private static void forwardPointwiseByChannels(Parallel par, ConvGeometry g, float[] x, float[] w, WeightGroups wg,
                                                   float[] scale, Epilogue e, float[] y) {
        int groups = g.groups(), cin = g.inPerGroup(), cout = g.outPerGroup(), hw = g.height() * g.width();
        int threads = par.threads(), tiles = cout / MicroKernel.MR, pairs = g.batch() * groups;
        WorkQueue.forRange(par, pairs * threads, 1, g.macs(), (from, to) -> {
            for (int t = from; t < to; t++) {
                int ng = t / threads, n = ng / groups, gi = ng % groups, part = t % threads;
                int r0 = Parallel.partStart(tiles, part, threads) * MicroKernel.MR;
                int rows = Parallel.partStart(tiles, part + 1, threads) * MicroKernel.MR - r0;
                int xOff = (n * g.inChannels() + gi * cin) * hw, yOff = (n * g.outChannels() + gi * cout + r0) * hw;
                GemmDriver.multiplyRowsFused(w, (wg.of(gi) * cout + r0) * cin, cin, rows, hw, cin, x, xOff, hw, false,
                        y, yOff, hw, scale, e.shift(), gi * cout + r0, e.residual(), e.lo(), e.hi());
            }
        });
    }

    // ---------------------------------------------------------------- backward data

    public static void backwardData(Parallel par, ConvGeometry g, float[] dy, float[] w, float[] dx) {
        if (NaiveKernels.ENABLED) {
            NaiveKernels.backwardData(g, dy, w, dx);
            return;
        }
        if (g.isDepthwise()) {
            DepthwiseConv.backwardData(par, g, dy, w, dx);
            return;
        }
        int groups = g.groups(), cin = g.inPerGroup(), cout = g.outPerGroup();
        int k = cin * g.kernelH() * g.kernelW(), hw = g.height() * g.width(), ohw = g.outHeight() * g.outWidth();
        // A = w[g]^T: w[g] is stored (Cout/G, K), i.e. A(K, Cout/G) transposed.
        int panel = GemmDriver.packedASize(k, cout);
        float[] ap = Scratch.get(Scratch.Slot.PACKED_A, groups * panel);
        for (int gi = 0; gi < groups; gi++) {
            GemmDriver.packA(w, gi * cout * k, k, true, k, cout, ap, gi * panel);
        }
        long macs = g.macs();   // backward-data does as many multiply-adds as the forward
        if (g.isPointwise()) {
            // No col2im: dx[n,g] is the GEMM output itself, so columns can be split across threads.
            ColumnSplit split = ColumnSplit.of(par, g.batch() * groups, hw, macs);
            WorkQueue.forRange(par, g.batch() * groups * split.chunks, 1, macs, (from, to) -> {
                for (int t = from; t < to; t++) {
                    int ng = t / split.chunks, n = ng / groups, gi = ng % groups;
                    int j0 = (t % split.chunks) * split.width, cols = Math.min(hw, j0 + split.width) - j0;
                    int dyOff = (n * g.outChannels() + gi * cout) * hw + j0;
                    int dxOff = (n * g.inChannels() + gi * cin) * hw + j0;
                    GemmDriver.multiply(ap, gi * panel, k, cols, cout, dy, dyOff, hw, false, dx, dxOff, hw, false);
                }
            });
            return;
        }
        // Overlapping windows make col2im write shared pixels, so each task owns a whole (n, g).
        WorkQueue.forRange(par, g.batch() * groups, 1, macs, (from, to) -> {
            for (int t = from; t < to; t++) {
                int n = t / groups, gi = t % groups;
                float[] dcol = Scratch.get(Scratch.Slot.COLUMNS, k * ohw);
                int dyOff = (n * g.outChannels() + gi * cout) * ohw;
                GemmDriver.multiply(ap, gi * panel, k, ohw, cout, dy, dyOff, ohw, false, dcol, 0, ohw, false);
                int dxOff = (n * g.inChannels() + gi * cin) * hw;
                Arrays.fill(dx, dxOff, dxOff + cin * hw, 0f);
                Im2col.scatterAdd(g, dcol, n, gi, dx);
            }
        });
    }

    // ---------------------------------------------------------------- backward filter

    public static void backwardFilter(Parallel par, ConvGeometry g, float[] x, float[] dy, float[] dw) {
        if (NaiveKernels.ENABLED) {
            NaiveKernels.backwardFilter(g, x, dy, dw);
            return;
        }
        if (g.isDepthwise()) {
            DepthwiseConv.backwardFilter(par, g, x, dy, dw);
            return;
        }
        int groups = g.groups(), cin = g.inPerGroup(), cout = g.outPerGroup(), batch = g.batch();
        int k = cin * g.kernelH() * g.kernelW(), hw = g.height() * g.width(), ohw = g.outHeight() * g.outWidth();
        int dwSize = groups * cout * k;
        boolean pointwise = g.isPointwise();
        // Tasks own whole groups when there are enough of them; otherwise the batch is split too and
        // each extra batch share sums into its own partial dw, added at the end in share order. The
        // shares are cut by the problem size alone (never by the thread count): they decide the
        // order of the sum over the batch, so this is what keeps dw bit-identical for any thread count.
        int shares = batchShares(groups, batch);
        float[] partial = shares > 1 ? new float[(shares - 1) * dwSize] : null;
        WorkQueue.forRange(par, groups * shares, 1, g.macs(), (from, to) -> {
            for (int t = from; t < to; t++) {
                int gi = t % groups, share = t / groups;
                int n0 = Parallel.partStart(batch, share, shares), n1 = Parallel.partStart(batch, share + 1, shares);
                float[] target = share == 0 ? dw : partial;
                int tOff = (share == 0 ? 0 : (share - 1) * dwSize) + gi * cout * k;
                float[] ap = Scratch.get(Scratch.Slot.TASK_A, GemmDriver.packedASize(cout, ohw));
                for (int n = n0; n < n1; n++) {
                    // A = dy[n,g](Cout/G, OH*OW); B = col^T, col stored (K, OH*OW).
                    GemmDriver.packA(dy, (n * g.outChannels() + gi * cout) * ohw, ohw, false, cout, ohw, ap, 0);
                    float[] b = x;
                    int bOff = (n * g.inChannels() + gi * cin) * hw;
                    if (!pointwise) {
                        b = Scratch.get(Scratch.Slot.COLUMNS, k * ohw);
                        bOff = 0;
                        Im2col.gather(g, x, n, gi, 0, ohw, b);
                    }
                    GemmDriver.multiply(ap, 0, cout, k, ohw, b, bOff, ohw, true, target, tOff, k, n > n0);
                }
                if (n1 == n0) {
                    Arrays.fill(target, tOff, tOff + cout * k, 0f);
                }
            }
        });
        if (partial != null) {
            par.forRange(dwSize, 1 << 14, (from, to) -> {
                for (int s = 0; s < shares - 1; s++) {
                    int off = s * dwSize;
                    for (int i = from; i < to; i++) dw[i] += partial[off + i];
                }
            });
        }
    }

    // ---------------------------------------------------------------- work split

    /**
     * Tasks that backward-filter aims at: with fewer groups, the batch is cut into shares so that
     * groups * shares reaches it. A constant, not 4 x threads as it once was: 8 is what 2 cores got
     * then (so a 2-core run sums in the same order as before), and each share beyond the first costs
     * a dw-sized partial sum, so more shares would buy parallelism with memory.
     */
    static final int FILTER_TASKS = 8;

    /** Batch shares of backward-filter: a function of the problem size only (see FILTER_TASKS). */
    static int batchShares(int groups, int batch) {
        return groups >= FILTER_TASKS ? 1 : Math.min(batch, GemmDriver.ceilDiv(FILTER_TASKS, groups));
    }

    /**
     * How the OH*OW columns of each (image, group) GEMM are cut when there are too few (image, group)
     * pairs to keep every thread busy: chunks per pair, each {@code width} columns (a multiple of NR).
     * This may follow the thread count: it only decides who writes which output columns, and each
     * output element is the same K-sum (same KC slabs, zero-padded panels) whatever the cut.
     */
    record ColumnSplit(int chunks, int width) {
        static ColumnSplit of(Parallel par, int pairs, int columns, long work) {
            // An op run on the caller alone gains nothing from a cut: one GEMM per pair, fewest B packs,
            // and an 8 x 8 plane's 64 columns stay one pair of panels for the wide 4 x 64 tiles (cut in
            // two, each 32-column panel took the 8 x 32 ones: resnet-hne batch 1 n = 1 on one thread 3-12% slower)
            int threads = par.worthForking(work) ? par.threads() : 1;
            int wanted = threads == 1 || pairs >= 4 * threads ? 1 : GemmDriver.ceilDiv(4 * threads, pairs);
            int width = GemmDriver.ceilDiv(GemmDriver.ceilDiv(columns, wanted), NR) * NR;
            return new ColumnSplit(GemmDriver.ceilDiv(columns, width), width);
        }
    }
}
