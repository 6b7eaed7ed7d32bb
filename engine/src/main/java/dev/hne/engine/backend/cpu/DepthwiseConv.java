package dev.hne.engine.backend.cpu;

import dev.hne.engine.backend.ConvGeometry;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise convolution (groups == Cin == Cout: one KHxKW filter per channel), computed directly:
 * it does 9 multiply-adds per output for 8 bytes of traffic, so it is memory-bound and an im2col
 * copy (9x the input) would only slow it down.
 *
 * <p>Three versions.
 * <ol>
 *   <li>3x3, stride 1, padding 1 (output size = input size), Vector API: each image plane is copied
 *       into a buffer with W+1 zeros before and after it, so in the flattened plane tap (ky,kx) of
 *       output i is simply element i + (ky-1)*W + (kx-1); vectors run across row ends, and taps that
 *       would wrap to the neighbouring row are zeroed by a per-position column mask (one for kx = 0,
 *       one for kx = 2). Backward-data is the same kernel rotated by 180 degrees.</li>
 *   <li>Any kernel, stride and padding: the zero-padded plane is split into column phases (see
 *       {@link Phases}) so that every tap reads a contiguous run of an output row even at stride 2;
 *       each output row is then a few vector FMAs per tap.</li>
 *   <li>Inference only, 3x3, stride 2, padding 1 on an even plane: the plane is split into its four
 *       row-and-column parity quarters (see {@link Quarters}), after which the output plane is
 *       computed like version 1, flattened, a whole vector at a time across row ends. Version 2
 *       works a row at a time, so on 8-wide output rows half of each vector was empty; alone, resnet-hne's
 *       stride-2 layers ran 1.4-2.8x faster this way (docs/performance.md).</li>
 * </ol>
 * Not handled here: channel multipliers (Cout = k * Cin with groups = Cin) take the im2col route.
 *
 * <p>Legend: N batch, C channels, H x W input plane, OH x OW output plane, K = KH x KW taps.
 */
final class DepthwiseConv {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = S.length();
    /*
     * PARTIAL_VECTORS. A plane of H*W floats that is not a multiple of LANES (14x14, 7x7) ends in a
     * partial vector. It is neither stored nor loaded with a mask: on JDK 17 C2 did not intrinsify the
     * masked store in these kernels and boxed the vector on every plane (a 7x7 layer ran ~15x slower,
     * and it was the largest source of garbage in the server, docs/serving.md), and a tail branch
     * inside the loop slowed the full vectors too. Such planes are computed into a padded scratch
     * plane and copied out; an input plane is read from a zero-padded copy.
     */
    /** Parallel tasks should hold at least this many output elements. */
    private static final int GRAIN = 1 << 13;

    private DepthwiseConv() {}

    /** A depthwise layer's work in the fork decision: memory-bound (see {@link Parallel#MEMORY_BOUND_WEIGHT}). */
    private static long forkWork(ConvGeometry g) {
        return g.macs() * Parallel.MEMORY_BOUND_WEIGHT;
    }

    /**
     * k = the taps of channel ch times its batch-norm scale, read from the stored channel wg gives it
     * (a depthwise group is one channel): how every inference kernel here folds the scale in.
     */
    private static void scaledTaps(float[] w, WeightGroups wg, int ch, float[] scale, float[] k) {
        int stored = wg.of(ch) * k.length;
        for (int t = 0; t < k.length; t++) k[t] = w[stored + t] * scale[ch];
    }

    static boolean isVectorPath(ConvGeometry g) {
        return g.kernelH() == 3 && g.kernelW() == 3 && g.stride() == 1 && g.padding() == 1;
    }

    // ---------------------------------------------------------------- entry points

    /** y(N,C,OH,OW) from x(N,C,H,W) and w(C,1,KH,KW). */
    static void forward(Parallel par, ConvGeometry g, float[] x, float[] w, float[] y) {
        if (isVectorPath(g)) {
            planes3x3(par, g, x, w, y, false);
        } else {
            forwardDirect(par, g, x, w, y);
        }
    }

    /** dx(N,C,H,W) from dy(N,C,OH,OW) and w(C,1,KH,KW). */
    static void backwardData(Parallel par, ConvGeometry g, float[] dy, float[] w, float[] dx) {
        if (isVectorPath(g)) {
            planes3x3(par, g, dy, w, dx, true);
        } else {
            backwardDataDirect(par, g, dy, w, dx);
        }
    }

    /** dw(C,1,KH,KW) from x(N,C,H,W) and dy(N,C,OH,OW). */
    static void backwardFilter(Parallel par, ConvGeometry g, float[] x, float[] dy, float[] dw) {
        if (isVectorPath(g)) {
            filter3x3(par, g, x, dy, dw);
        } else {
            backwardFilterDirect(par, g, x, dy, dw);
        }
    }

    /**
     * Inference forward fused with a per-channel scale (folded into the taps) and an epilogue
     * (shift, residual, clamp) applied to each output row before it is stored; see
     * {@link CpuConv#forwardFused}.
     */
    static void forwardFused(Parallel par, ConvGeometry g, float[] x, float[] w, WeightGroups wg, float[] scale,
                             Epilogue epilogue, float[] y) {
        if (isVectorPath(g)) {
            planes3x3Fused(par, g, x, w, wg, scale, epilogue, y);
        } else if (isStride2Path(g)) {
            planes3x3Stride2Fused(par, g, x, w, wg, scale, epilogue, y);
        } else {
            forwardDirectFused(par, g, x, w, wg, scale, epilogue, y);
        }
    }

    // ---------------------------------------------------------------- version 1: 3x3, stride 1, pad 1

    /**
     * Column masks for the flattened plane: left[i] = 1 where column i%W has a left neighbour,
     * right[i] = 1 where it has a right one; (2, round_up(H*W, LANES)), zero past the plane.
     */
    private static float[][] columnMasks(int h, int w) {
        int hw = h * w, len = (hw + LANES - 1) / LANES * LANES;
        float[] left = new float[len], right = new float[len];
        for (int i = 0; i < hw; i++) {
            int col = i % w;
            left[i] = col > 0 ? 1f : 0f;
            right[i] = col < w - 1 ? 1f : 0f;
        }
        return new float[][] {left, right};
    }

    /**
     * out plane = in plane (*) w for every (n, c), 3x3 stride 1 pad 1; with rotate, the kernel is
     * turned by 180 degrees, which gives backward-data.
     *
     * @param in  (N, C, H, W)
     * @param w   (C, 1, 3, 3)
     * @param out (N, C, H, W)
     */
    private static void planes3x3(Parallel par, ConvGeometry g, float[] in, float[] w, float[] out, boolean rotate) {
        int c = g.inChannels(), wd = g.width(), hw = g.height() * wd;
        float[][] masks = columnMasks(g.height(), wd);
        float[] maskL = masks[0], maskR = masks[1];
        int pad = wd + 1, bufLen = pad + maskL.length + pad;
        WorkQueue.forRange(par, g.batch() * c, Math.max(1, GRAIN / hw), (from, to) -> {
            float[] buf = Scratch.get(Scratch.Slot.PLANE, bufLen);
            Arrays.fill(buf, 0, bufLen, 0f);
            float[] k = new float[9];
            float[] padded = partialPlane(hw, maskL.length);   // null when planes are whole vectors
            for (int plane = from; plane < to; plane++) {
                int ch = plane % c, base = plane * hw;
                for (int t = 0; t < 9; t++) k[t] = w[ch * 9 + (rotate ? 8 - t : t)];
                System.arraycopy(in, base, buf, pad, hw);
                if (padded == null) {
                    plane3x3(buf, pad, wd, hw, k, maskL, maskR, out, base);
                } else {   // see PARTIAL_VECTORS
                    plane3x3(buf, pad, wd, hw, k, maskL, maskR, padded, 0);
                    System.arraycopy(padded, 0, out, base, hw);
                }
            }
        });
    }

    /**
     * One output plane.
     *
     * @param buf  the input plane at [pad, pad + hw), zeros around it
     * @param k    (3, 3) filter taps
     * @param out  output, plane at [outOff, outOff + hw)
     */
    private static void plane3x3(float[] buf, int pad, int wd, int hw, float[] k, float[] maskL, float[] maskR,
                                 float[] out, int outOff) {
        FloatVector k00 = FloatVector.broadcast(S, k[0]), k01 = FloatVector.broadcast(S, k[1]);
        FloatVector k02 = FloatVector.broadcast(S, k[2]), k10 = FloatVector.broadcast(S, k[3]);
        FloatVector k11 = FloatVector.broadcast(S, k[4]), k12 = FloatVector.broadcast(S, k[5]);
        FloatVector k20 = FloatVector.broadcast(S, k[6]), k21 = FloatVector.broadcast(S, k[7]);
        FloatVector k22 = FloatVector.broadcast(S, k[8]);
        for (int i = 0; i < hw; i += LANES) {
            int mid = pad + i, up = mid - wd, down = mid + wd;
            FloatVector left = k00.mul(FloatVector.fromArray(S, buf, up - 1));
            left = k10.fma(FloatVector.fromArray(S, buf, mid - 1), left);
            left = k20.fma(FloatVector.fromArray(S, buf, down - 1), left);
            FloatVector centre = k01.mul(FloatVector.fromArray(S, buf, up));
            centre = k11.fma(FloatVector.fromArray(S, buf, mid), centre);
            centre = k21.fma(FloatVector.fromArray(S, buf, down), centre);
            FloatVector right = k02.mul(FloatVector.fromArray(S, buf, up + 1));
            right = k12.fma(FloatVector.fromArray(S, buf, mid + 1), right);
            right = k22.fma(FloatVector.fromArray(S, buf, down + 1), right);
            FloatVector sum = left.fma(FloatVector.fromArray(S, maskL, i), centre);
            sum = right.fma(FloatVector.fromArray(S, maskR, i), sum);
            sum.intoArray(out, outOff + i);
        }
    }

    /** planes3x3 for inference: taps scaled per channel, epilogue applied before each plane is stored. */
    private static void planes3x3Fused(Parallel par, ConvGeometry g, float[] in, float[] w, WeightGroups wg, float[] scale,
                                       Epilogue epilogue, float[] out) {
        int c = g.inChannels(), wd = g.width(), hw = g.height() * wd;
        float[][] masks = columnMasks(g.height(), wd);
        float[] maskL = masks[0], maskR = masks[1];
        int pad = wd + 1, bufLen = pad + maskL.length + pad;
        WorkQueue.forRange(par, g.batch() * c, Math.max(1, GRAIN / hw), forkWork(g), (from, to) -> {
            float[] buf = Scratch.get(Scratch.Slot.PLANE, bufLen);
            Arrays.fill(buf, 0, bufLen, 0f);
            float[] k = new float[9];
            float[] padded = partialPlane(hw, maskL.length);   // null when planes are whole vectors
            for (int plane = from; plane < to; plane++) {
                int ch = plane % c, base = plane * hw;
                scaledTaps(w, wg, ch, scale, k);
                System.arraycopy(in, base, buf, pad, hw);
                float sh = epilogue.shift()[epilogue.shiftOff() + ch];
                float[] dst = padded == null ? out : padded;   // else see PARTIAL_VECTORS
                int dstOff = padded == null ? base : 0;
                if (epilogue.residual() == null) {
                    plane3x3Fused(buf, pad, wd, hw, k, maskL, maskR, sh, epilogue.lo(), epilogue.hi(), dst, dstOff);
                } else {
                    plane3x3(buf, pad, wd, hw, k, maskL, maskR, dst, dstOff);
                }
                if (padded != null) System.arraycopy(padded, 0, out, base, hw);
                if (epilogue.residual() != null) epilogue.applyRow(out, base, hw, sh);
            }
        });
    }

    /** plane3x3 with clamp(sum + shift, lo, hi) applied in registers before the store. */
    private static void plane3x3Fused(float[] buf, int pad, int wd, int hw, float[] k, float[] maskL, float[] maskR,
                                      float shift, float lo, float hi, float[] out, int outOff) {
        FloatVector k00 = FloatVector.broadcast(S, k[0]), k01 = FloatVector.broadcast(S, k[1]);
        FloatVector k02 = FloatVector.broadcast(S, k[2]), k10 = FloatVector.broadcast(S, k[3]);
        FloatVector k11 = FloatVector.broadcast(S, k[4]), k12 = FloatVector.broadcast(S, k[5]);
        FloatVector k20 = FloatVector.broadcast(S, k[6]), k21 = FloatVector.broadcast(S, k[7]);
        FloatVector k22 = FloatVector.broadcast(S, k[8]);
        FloatVector sv = FloatVector.broadcast(S, shift);
        FloatVector lov = FloatVector.broadcast(S, lo), hiv = FloatVector.broadcast(S, hi);
        boolean below = Epilogue.clampsBelow(lo), above = Epilogue.clampsAbove(hi);
        for (int i = 0; i < hw; i += LANES) {
            int mid = pad + i, up = mid - wd, down = mid + wd;
            FloatVector left = k00.mul(FloatVector.fromArray(S, buf, up - 1));
            left = k10.fma(FloatVector.fromArray(S, buf, mid - 1), left);
            left = k20.fma(FloatVector.fromArray(S, buf, down - 1), left);
            FloatVector centre = k01.fma(FloatVector.fromArray(S, buf, up), sv);
            centre = k11.fma(FloatVector.fromArray(S, buf, mid), centre);
            centre = k21.fma(FloatVector.fromArray(S, buf, down), centre);
            FloatVector right = k02.mul(FloatVector.fromArray(S, buf, up + 1));
            right = k12.fma(FloatVector.fromArray(S, buf, mid + 1), right);
            right = k22.fma(FloatVector.fromArray(S, buf, down + 1), right);
            FloatVector sum = left.fma(FloatVector.fromArray(S, maskL, i), centre);
            sum = right.fma(FloatVector.fromArray(S, maskR, i), sum);
            if (below) sum = sum.max(lov);
            if (above) sum = sum.min(hiv);
            sum.intoArray(out, outOff + i);
        }
    }

    /**
     * dw[c] = sum over n and positions of dy * shifted x, 3x3 stride 1 pad 1. One task owns whole
     * channels (all of the batch), so no reduction across threads is needed.
     */
    private static void filter3x3(Parallel par, ConvGeometry g, float[] x, float[] dy, float[] dw) {
        int c = g.inChannels(), wd = g.width(), hw = g.height() * wd, batch = g.batch();
        float[][] masks = columnMasks(g.height(), wd);
        float[] maskL = masks[0], maskR = masks[1];
        int pad = wd + 1, bufLen = pad + maskL.length + pad;
        // Tasks own blocks of channels and walk the batch outermost, so each image's block of
        // planes is read as one contiguous run (a channel at a time would jump C*H*W floats per plane).
        int block = 16;
        WorkQueue.forRange(par, GemmDriver.ceilDiv(c, block), 1, (from, to) -> {
            float[] buf = Scratch.get(Scratch.Slot.PLANE, bufLen);
            Arrays.fill(buf, 0, bufLen, 0f);
            float[] acc = new float[block * 9 * LANES];
            float[] padded = partialPlane(hw, maskL.length);   // null when planes are whole vectors
            if (padded != null) Arrays.fill(padded, hw, maskL.length, 0f);   // read as whole vectors
            for (int b = from; b < to; b++) {
                int c0 = b * block, c1 = Math.min(c, c0 + block);
                Arrays.fill(acc, 0f);
                for (int n = 0; n < batch; n++) {
                    for (int ch = c0; ch < c1; ch++) {
                        int base = (n * c + ch) * hw;
                        System.arraycopy(x, base, buf, pad, hw);
                        if (padded == null) {
                            filterPlane3x3(buf, pad, wd, hw, dy, base, maskL, maskR, acc, (ch - c0) * 9 * LANES);
                        } else {   // see PARTIAL_VECTORS
                            System.arraycopy(dy, base, padded, 0, hw);
                            filterPlane3x3(buf, pad, wd, hw, padded, 0, maskL, maskR, acc, (ch - c0) * 9 * LANES);
                        }
                    }
                }
                for (int ch = c0; ch < c1; ch++) {
                    for (int t = 0; t < 9; t++) {
                        FloatVector v = FloatVector.fromArray(S, acc, ((ch - c0) * 9 + t) * LANES);
                        dw[ch * 9 + t] = v.reduceLanes(VectorOperators.ADD);
                    }
                }
            }
        });
    }

    /**
     * acc[ky*3+kx] += dy[i] * x[i + (ky-1)*W + (kx-1)] (masked), lane-wise, for one plane.
     * A method per plane (not one loop over the batch) because C2 compiles it as a normal hot method;
     * a long loop entered once is compiled on-stack and then kept its vectors boxed (7x slower).
     *
     * @param buf the x plane at [pad, pad + hw), zeros around it
     * @param dy  dy plane at [dyOff, dyOff + hw)
     * @param acc (9, LANES) lane-wise partial sums from accOff, reduced by the caller once per channel
     */
    private static void filterPlane3x3(float[] buf, int pad, int wd, int hw, float[] dy, int dyOff,
                                       float[] maskL, float[] maskR, float[] acc, int accOff) {
        FloatVector a00 = FloatVector.zero(S), a01 = FloatVector.zero(S), a02 = FloatVector.zero(S);
        FloatVector a10 = FloatVector.zero(S), a11 = FloatVector.zero(S), a12 = FloatVector.zero(S);
        FloatVector a20 = FloatVector.zero(S), a21 = FloatVector.zero(S), a22 = FloatVector.zero(S);
        for (int i = 0; i < hw; i += LANES) {
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            // Masking dy instead of x: a tap that wraps to the next row contributes nothing.
            FloatVector dl = d.mul(FloatVector.fromArray(S, maskL, i));
            FloatVector dr = d.mul(FloatVector.fromArray(S, maskR, i));
            int mid = pad + i, up = mid - wd, down = mid + wd;
            a00 = dl.fma(FloatVector.fromArray(S, buf, up - 1), a00);
            a01 = d.fma(FloatVector.fromArray(S, buf, up), a01);
            a02 = dr.fma(FloatVector.fromArray(S, buf, up + 1), a02);
            a10 = dl.fma(FloatVector.fromArray(S, buf, mid - 1), a10);
            a11 = d.fma(FloatVector.fromArray(S, buf, mid), a11);
            a12 = dr.fma(FloatVector.fromArray(S, buf, mid + 1), a12);
            a20 = dl.fma(FloatVector.fromArray(S, buf, down - 1), a20);
            a21 = d.fma(FloatVector.fromArray(S, buf, down), a21);
            a22 = dr.fma(FloatVector.fromArray(S, buf, down + 1), a22);
        }
        a00.add(FloatVector.fromArray(S, acc, accOff)).intoArray(acc, accOff);
        a01.add(FloatVector.fromArray(S, acc, accOff + LANES)).intoArray(acc, accOff + LANES);
        a02.add(FloatVector.fromArray(S, acc, accOff + 2 * LANES)).intoArray(acc, accOff + 2 * LANES);
        a10.add(FloatVector.fromArray(S, acc, accOff + 3 * LANES)).intoArray(acc, accOff + 3 * LANES);
        a11.add(FloatVector.fromArray(S, acc, accOff + 4 * LANES)).intoArray(acc, accOff + 4 * LANES);
        a12.add(FloatVector.fromArray(S, acc, accOff + 5 * LANES)).intoArray(acc, accOff + 5 * LANES);
        a20.add(FloatVector.fromArray(S, acc, accOff + 6 * LANES)).intoArray(acc, accOff + 6 * LANES);
        a21.add(FloatVector.fromArray(S, acc, accOff + 7 * LANES)).intoArray(acc, accOff + 7 * LANES);
        a22.add(FloatVector.fromArray(S, acc, accOff + 8 * LANES)).intoArray(acc, accOff + 8 * LANES);
    }

    /** This thread's scratch plane of {@code length} floats for planes of hw that end in a partial vector; null if they do not. */
    private static float[] partialPlane(int hw, int length) {
        return hw % LANES == 0 ? null : Scratch.get(Scratch.Slot.PARTIAL_PLANE, length);
    }

    // ---------------------------------------------------------------- version 3: 3x3, stride 2, pad 1, even planes (inference)

    /** Whether g takes version 3 in inference: 3x3, stride 2, padding 1, an even H and W (every stride-2 layer here). */
    static boolean isStride2Path(ConvGeometry g) {
        return g.kernelH() == 3 && g.kernelW() == 3 && g.stride() == 2 && g.padding() == 1
                && g.height() % 2 == 0 && g.width() % 2 == 0;
    }

    /**
     * An even (H, W) plane split into its four stride-2 quarters, each (OH, OW) = (H/2, W/2), flattened:
     * EE (even rows, even columns), EO (even rows, odd columns), OE and OO. With padding 1, output
     * (oy, ox) reads input rows 2oy-1, 2oy, 2oy+1 (odd row oy-1, even row oy, odd row oy) and columns
     * 2ox-1, 2ox, 2ox+1 (odd column ox-1, even column ox, odd column ox): in the quarters, at index
     * i = oy*OW + ox, the offsets i, i - 1, i - OW and i - OW - 1. So, as in version 1, vectors run
     * across output-row ends, a column mask zeroes the taps of column 2ox-1 at ox = 0, and the row
     * above row 0 is the OW + 1 zeros before each quarter. An output row shorter than a vector (8x8
     * planes, where version 2 filled half of each vector) costs nothing extra.
     *
     * <p>Layout: four times (OW + 1 zeros, round_up(OH*OW, LANES) values, LANES of slack). Only the
     * zeros must stay zero: the values past OH*OW and the slack take what {@link VectorLoops#splitEvenOdd}
     * spills past the last row, and no output inside the plane reads them (output i reads at most i).
     */
    private record Quarters(int oh, int ow, int lead, int length) {
        static final int EE = 0, EO = 1, OE = 2, OO = 3;

        static Quarters of(ConvGeometry g) {
            int oh = g.outHeight(), ow = g.outWidth();
            return new Quarters(oh, ow, ow + 1, GemmDriver.ceilDiv(oh * ow, LANES) * LANES);
        }

        int size() {
            return 4 * (lead + length + LANES);
        }

        /** Where quarter q's value 0 is. */
        int at(int q) {
            return q * (lead + length + LANES) + lead;
        }

        /** Copies plane (2*OH, 2*OW) at src[off] into the quarters, row by row (each row's spill is overwritten by the next); the zeros before them are never written. */
        void fill(float[] src, int off, float[] buf) {
            int w = 2 * ow;
            for (int r = 0; r < oh; r++) {
                int even = off + 2 * r * w, odd = even + w, d = r * ow;
                VectorLoops.splitEvenOdd(src, even, buf, at(EE) + d, buf, at(EO) + d, ow);
                VectorLoops.splitEvenOdd(src, odd, buf, at(OE) + d, buf, at(OO) + d, ow);
            }
        }
    }

    /** Version 3's planes: taps scaled per channel, the epilogue applied before each plane is stored. */
    private static void planes3x3Stride2Fused(Parallel par, ConvGeometry g, float[] in, float[] w, WeightGroups wg,
                                              float[] scale, Epilogue epilogue, float[] out) {
        int c = g.inChannels(), hw = g.height() * g.width();
        Quarters qs = Quarters.of(g);
        int ohw = qs.oh() * qs.ow();
        float[] maskL = columnMasks(qs.oh(), qs.ow())[0];
        WorkQueue.forRange(par, g.batch() * c, Math.max(1, GRAIN / ohw), forkWork(g), (from, to) -> {
            float[] buf = Scratch.get(Scratch.Slot.PLANE, qs.size());
            Arrays.fill(buf, 0, qs.size(), 0f);
            float[] k = new float[9];
            float[] padded = partialPlane(ohw, qs.length());   // null when planes are whole vectors
            boolean residual = epilogue.residual() != null;
            for (int plane = from; plane < to; plane++) {
                int ch = plane % c, base = plane * ohw;
                scaledTaps(w, wg, ch, scale, k);
                qs.fill(in, plane * hw, buf);
                float sh = epilogue.shift()[epilogue.shiftOff() + ch];
                float[] dst = padded == null ? out : padded;   // else see PARTIAL_VECTORS
                int dstOff = padded == null ? base : 0;
                if (residual) {   // the residual is added before the clamp: the epilogue does both below
                    plane3x3Stride2(buf, qs, k, maskL, 0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, dst, dstOff);
                } else {
                    plane3x3Stride2(buf, qs, k, maskL, sh, epilogue.lo(), epilogue.hi(), dst, dstOff);
                }
                if (padded != null) System.arraycopy(padded, 0, out, base, ohw);
                if (residual) epilogue.applyRow(out, base, ohw, sh);
            }
        });
    }

    /**
     * One output plane of version 3, clamp(sum + shift, lo, hi), written as round_up(OH*OW, LANES) values.
     *
     * @param q the input plane in quarters
     * @param k (3, 3) filter taps
     */
    private static void plane3x3Stride2(float[] q, Quarters qs, float[] k, float[] maskL, float shift, float lo,
                                        float hi, float[] out, int outOff) {
        FloatVector k00 = FloatVector.broadcast(S, k[0]), k01 = FloatVector.broadcast(S, k[1]);
        FloatVector k02 = FloatVector.broadcast(S, k[2]), k10 = FloatVector.broadcast(S, k[3]);
        FloatVector k11 = FloatVector.broadcast(S, k[4]), k12 = FloatVector.broadcast(S, k[5]);
        FloatVector k20 = FloatVector.broadcast(S, k[6]), k21 = FloatVector.broadcast(S, k[7]);
        FloatVector k22 = FloatVector.broadcast(S, k[8]);
        FloatVector sv = FloatVector.broadcast(S, shift);
        FloatVector lov = FloatVector.broadcast(S, lo), hiv = FloatVector.broadcast(S, hi);
        boolean below = Epilogue.clampsBelow(lo), above = Epilogue.clampsAbove(hi);
        int ee = qs.at(Quarters.EE), eo = qs.at(Quarters.EO), oe = qs.at(Quarters.OE), oo = qs.at(Quarters.OO);
        int up = -qs.ow();   // the row above
        for (int i = 0; i < qs.length(); i += LANES) {
            // column 2ox-1 (kx = 0), zero at ox = 0: rows 2oy-1, 2oy, 2oy+1
            FloatVector left = k00.mul(FloatVector.fromArray(S, q, oo + up + i - 1));
            left = k10.fma(FloatVector.fromArray(S, q, eo + i - 1), left);
            left = k20.fma(FloatVector.fromArray(S, q, oo + i - 1), left);
            // column 2ox (kx = 1)
            FloatVector centre = k01.fma(FloatVector.fromArray(S, q, oe + up + i), sv);
            centre = k11.fma(FloatVector.fromArray(S, q, ee + i), centre);
            centre = k21.fma(FloatVector.fromArray(S, q, oe + i), centre);
            // column 2ox+1 (kx = 2): always inside an even plane
            FloatVector right = k02.mul(FloatVector.fromArray(S, q, oo + up + i));
            right = k12.fma(FloatVector.fromArray(S, q, eo + i), right);
            right = k22.fma(FloatVector.fromArray(S, q, oo + i), right);
            FloatVector sum = left.fma(FloatVector.fromArray(S, maskL, i), centre.add(right));
            if (below) sum = sum.max(lov);
            if (above) sum = sum.min(hiv);
            sum.intoArray(out, outOff + i);
        }
    }

    // ---------------------------------------------------------------- version 2: any kernel, stride, padding

    /**
     * The zero-padded plane (H+2p, W+2p) split by column phase: with stride s, phase q holds padded
     * columns q, q+s, q+2s, ... So tap (ky, kx) of output row oy reads phase kx % s, padded row
     * oy*s + ky, from index kx / s: one contiguous run of OW values, which vectorises for any stride.
     * Layout of the buffer: (s, H+2p, PW) with PW = ceil((W+2p)/s), plus 2*LANES of slack so whole
     * vectors can be read past the end of a row.
     *
     * <p>Rows are computed a full vector at a time through a small row buffer (JDK 17 has no
     * intrinsic for masked stores; they fall back to scalar code), and only OW values are copied out.
     */
    private record Phases(int stride, int rows, int width, int pad, int[] tapStart) {
        static Phases of(ConvGeometry g) {
            int s = g.stride(), p = g.padding(), kw = g.kernelW();
            int rows = g.height() + 2 * p, width = GemmDriver.ceilDiv(g.width() + 2 * p, s);
            // Tap offsets for output row 0, computed once: % and / by a variable stride are slow.
            int[] tapStart = new int[g.kernelH() * kw];
            for (int t = 0; t < tapStart.length; t++) {
                int ky = t / kw, kx = t % kw;
                tapStart[t] = ((kx % s) * rows + ky) * width + kx / s;
            }
            return new Phases(s, rows, width, p, tapStart);
        }

        /** Where tap t = ky*KW + kx of output row oy starts. */
        int tap(int oy, int t) {
            return tapStart[t] + oy * stride * width;
        }

        int size() {
            return stride * rows * width + 2 * LANES;
        }

        /**
         * Copies plane (H, W) at src[off] into the phases (into = true), or the phases' interior back
         * out to dst[off] (into = false). Padding positions are never touched.
         */
        void transfer(float[] plane, int off, int h, int w, float[] buf, boolean into) {
            for (int q = 0; q < stride; q++) {
                int ix0 = Math.floorMod(q - pad, stride);          // first input column in phase q
                if (ix0 >= w) continue;
                int count = (w - 1 - ix0) / stride + 1;
                for (int iy = 0; iy < h; iy++) {
                    int b = (q * rows + iy + pad) * width + (ix0 + pad) / stride, x = off + iy * w + ix0;
                    if (stride == 1) {
                        if (into) System.arraycopy(plane, x, buf, b, count);
                        else System.arraycopy(buf, b, plane, x, count);
                    } else if (into && stride == 2) {
                        VectorLoops.everyOther(plane, x, buf, b, count);
                    } else if (into) {
                        for (int i = 0; i < count; i++) buf[b + i] = plane[x + i * stride];
                    } else {
                        for (int i = 0; i < count; i++) plane[x + i * stride] = buf[b + i];
                    }
                }
            }
        }
    }

    // Each worker loop below calls a per-plane method: C2 compiles a method that is called often as
    // a whole, while a long loop entered a few times gets compiled on-stack, and there the Vector API
    // values were boxed on the heap (measured 4x slower).

    private static void forwardDirect(Parallel par, ConvGeometry g, float[] x, float[] w, float[] y) {
        int c = g.inChannels(), h = g.height(), wd = g.width(), kh = g.kernelH(), kw = g.kernelW();
        int oh = g.outHeight(), ow = g.outWidth(), owUp = GemmDriver.ceilDiv(ow, LANES) * LANES;
        Phases ph = Phases.of(g);
        WorkQueue.forRange(par, g.batch() * c, Math.max(1, GRAIN / (oh * ow)), (from, to) -> {
            float[] buf = Scratch.get(Scratch.Slot.PLANE, ph.size());
            Arrays.fill(buf, 0, ph.size(), 0f);
            float[] row = new float[owUp];
            for (int plane = from; plane < to; plane++) {
                ph.transfer(x, plane * h * wd, h, wd, buf, true);
                forwardPlane(ph, buf, w, (plane % c) * kh * kw, kh, kw, oh, ow, row, y, plane * oh * ow);
            }
        });
    }

    /** forwardDirect for inference: taps scaled per channel, epilogue applied to each finished plane. */
    private static void forwardDirectFused(Parallel par, ConvGeometry g, float[] x, float[] w, WeightGroups wg, float[] scale,
                                           Epilogue epilogue, float[] y) {
        int c = g.inChannels(), h = g.height(), wd = g.width(), kh = g.kernelH(), kw = g.kernelW();
        int oh = g.outHeight(), ow = g.outWidth(), owUp = GemmDriver.ceilDiv(ow, LANES) * LANES, taps = kh * kw;
        Phases ph = Phases.of(g);
        WorkQueue.forRange(par, g.batch() * c, Math.max(1, GRAIN / (oh * ow)), forkWork(g), (from, to) -> {
            float[] buf = Scratch.get(Scratch.Slot.PLANE, ph.size());
            Arrays.fill(buf, 0, ph.size(), 0f);
            float[] row = new float[owUp];
            float[] k = new float[taps];
            for (int plane = from; plane < to; plane++) {
                int ch = plane % c;
                scaledTaps(w, wg, ch, scale, k);
                ph.transfer(x, plane * h * wd, h, wd, buf, true);
                float sh = epilogue.shift()[epilogue.shiftOff() + ch];
                if (epilogue.residual() == null) {
                    forwardPlaneFused(ph, buf, k, kh, kw, oh, ow, sh, epilogue.lo(), epilogue.hi(), row, y,
                            plane * oh * ow);
                } else {
                    forwardPlane(ph, buf, k, 0, kh, kw, oh, ow, row, y, plane * oh * ow);
                    epilogue.applyRow(y, plane * oh * ow, oh * ow, sh);
                }
            }
        });
    }

    /**
     * @param buf the input plane in phases
     * @param w   (KH, KW) taps from wOff
     * @param row (round_up(OW, LANES)) scratch row
     * @param y   output plane (OH, OW) from yOff
     */
    private static void forwardPlane(Phases ph, float[] buf, float[] w, int wOff, int kh, int kw, int oh, int ow,
                                     float[] row, float[] y, int yOff) {
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox += LANES) {
                FloatVector acc = FloatVector.zero(S);
                for (int t = 0; t < kh * kw; t++) {
                    FloatVector v = FloatVector.fromArray(S, buf, ph.tap(oy, t) + ox);
                    acc = v.fma(FloatVector.broadcast(S, w[wOff + t]), acc);
                }
                acc.intoArray(row, ox);
            }
            System.arraycopy(row, 0, y, yOff + oy * ow, ow);
        }
    }

    /** forwardPlane with clamp(sum + shift, lo, hi) applied in registers; taps from k[0..KH*KW). */
    private static void forwardPlaneFused(Phases ph, float[] buf, float[] k, int kh, int kw, int oh, int ow,
                                          float shift, float lo, float hi, float[] row, float[] y, int yOff) {
        FloatVector sv = FloatVector.broadcast(S, shift);
        FloatVector lov = FloatVector.broadcast(S, lo), hiv = FloatVector.broadcast(S, hi);
        boolean below = Epilogue.clampsBelow(lo), above = Epilogue.clampsAbove(hi);
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox += LANES) {
                FloatVector acc = sv;
                for (int t = 0; t < kh * kw; t++) {
                    FloatVector v = FloatVector.fromArray(S, buf, ph.tap(oy, t) + ox);
                    acc = v.fma(FloatVector.broadcast(S, k[t]), acc);
                }
                if (below) acc = acc.max(lov);
                if (above) acc = acc.min(hiv);
                acc.intoArray(row, ox);
            }
            System.arraycopy(row, 0, y, yOff + oy * ow, ow);
        }
    }

    private static void backwardDataDirect(Parallel par, ConvGeometry g, float[] dy, float[] w, float[] dx) {
        int c = g.inChannels(), h = g.height(), wd = g.width(), kh = g.kernelH(), kw = g.kernelW();
        int oh = g.outHeight(), ow = g.outWidth(), owUp = GemmDriver.ceilDiv(ow, LANES) * LANES;
        Phases ph = Phases.of(g);
        WorkQueue.forRange(par, g.batch() * c, Math.max(1, GRAIN / (oh * ow)), (from, to) -> {
            float[] buf = Scratch.get(Scratch.Slot.PLANE, ph.size());
            float[] row = new float[owUp];
            for (int plane = from; plane < to; plane++) {
                Arrays.fill(buf, 0, ph.size(), 0f);
                backwardDataPlane(ph, buf, w, (plane % c) * kh * kw, kh, kw, oh, ow, row, dy, plane * oh * ow);
                ph.transfer(dx, plane * h * wd, h, wd, buf, false);
            }
        });
    }

    /**
     * Scatters each dy row into the zeroed, padded phases; the caller keeps the interior (padding
     * taps drop out). Lanes past OW carry dy = 0 (row is zero there), so whole-vector
     * read-modify-writes leave the neighbouring values intact.
     *
     * @param row (round_up(OW, LANES)) scratch row, zero past OW
     * @param dy  output-gradient plane (OH, OW) from dyOff
     */
    private static void backwardDataPlane(Phases ph, float[] buf, float[] w, int wOff, int kh, int kw, int oh,
                                          int ow, float[] row, float[] dy, int dyOff) {
        for (int oy = 0; oy < oh; oy++) {
            System.arraycopy(dy, dyOff + oy * ow, row, 0, ow);
            for (int ox = 0; ox < ow; ox += LANES) {
                FloatVector d = FloatVector.fromArray(S, row, ox);
                for (int t = 0; t < kh * kw; t++) {
                    int at = ph.tap(oy, t) + ox;
                    FloatVector v = FloatVector.fromArray(S, buf, at);
                    d.fma(FloatVector.broadcast(S, w[wOff + t]), v).intoArray(buf, at);
                }
            }
        }
    }

    private static void backwardFilterDirect(Parallel par, ConvGeometry g, float[] x, float[] dy, float[] dw) {
        int c = g.inChannels(), h = g.height(), wd = g.width(), kh = g.kernelH(), kw = g.kernelW();
        int oh = g.outHeight(), ow = g.outWidth(), batch = g.batch(), taps = kh * kw;
        int owUp = GemmDriver.ceilDiv(ow, LANES) * LANES;
        Phases ph = Phases.of(g);
        WorkQueue.forRange(par, c, Math.max(1, GRAIN / (oh * ow * batch)), (from, to) -> {
            float[] buf = Scratch.get(Scratch.Slot.PLANE, ph.size());
            Arrays.fill(buf, 0, ph.size(), 0f);
            float[] acc = new float[taps * LANES];   // lane-wise partial sums per tap
            float[] row = new float[owUp];
            for (int ch = from; ch < to; ch++) {
                Arrays.fill(acc, 0f);
                for (int n = 0; n < batch; n++) {
                    int plane = n * c + ch;
                    ph.transfer(x, plane * h * wd, h, wd, buf, true);
                    filterPlane(ph, buf, kh, kw, oh, ow, row, dy, plane * oh * ow, acc);
                }
                for (int t = 0; t < taps; t++) {
                    dw[ch * taps + t] = FloatVector.fromArray(S, acc, t * LANES).reduceLanes(VectorOperators.ADD);
                }
            }
        });
    }

    /**
     * acc[t] += dy * (tap t of x), lane-wise, for one plane.
     *
     * @param row (round_up(OW, LANES)) scratch row, zero past OW
     * @param acc (KH*KW, LANES) partial sums
     */
    private static void filterPlane(Phases ph, float[] buf, int kh, int kw, int oh, int ow, float[] row,
                                    float[] dy, int dyOff, float[] acc) {
        for (int oy = 0; oy < oh; oy++) {
            System.arraycopy(dy, dyOff + oy * ow, row, 0, ow);
            for (int ox = 0; ox < ow; ox += LANES) {
                FloatVector d = FloatVector.fromArray(S, row, ox);
                for (int t = 0; t < kh * kw; t++) {
                    FloatVector v = FloatVector.fromArray(S, buf, ph.tap(oy, t) + ox);
                    d.fma(v, FloatVector.fromArray(S, acc, t * LANES)).intoArray(acc, t * LANES);
                }
            }
        }
    }
}
