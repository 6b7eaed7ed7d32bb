package dev.hne.engine.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The memory-bound inner loops of the CPU backend, written with the Vector API: a strided copy,
 * elementwise maps over [from, to) and row reductions over [from, from + length).
 *
 * <p>Why not plain loops? The JIT does vectorise simple maps, but not float reductions (it may not
 * reorder the additions) and not the select in ReLU's backward; in the profile of a training step
 * those plain loops cost more than the convolutions. Each method ends with a scalar tail for the
 * elements that do not fill a whole vector. Reductions keep two vector accumulators to hide the
 * latency of the adds, and return a float: callers reduce rows of at most a few thousand elements
 * here and add the row results in double.
 */
final class VectorLoops {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorLoops() {}

    // ---------------------------------------------------------------- copies

    /** Lanes 0, 2, 4, ... of a vector, in the lower half; and again in the upper half. */
    private static final VectorShuffle<Float> EVEN_LANES_TWICE = VectorShuffle.fromOp(S, i -> 2 * i % L);
    private static final VectorMask<Float> UPPER_HALF = VectorMask.fromLong(S, -1L << (L / 2));
    /** Lanes 1, 3, 5, ... in the lower half, and again in the upper half. */
    private static final VectorShuffle<Float> ODD_LANES_TWICE = VectorShuffle.fromOp(S, i -> (2 * i + 1) % L);

    /**
     * dst[d + i] = src[s + 2i] for i < count (a stride-2 convolution's input columns: the depthwise
     * phase split, im2col), a vector at a time: the even lanes of two consecutive vectors, each
     * gathered by one permute into a half and blended. On JDK 17 this measured 1.4x (112-wide rows)
     * to 1.7x (32-wide) faster than the scalar loop; the two-vector rearrange and an indexed gather
     * were slower than it. The last vector may read one float past the run, never past src, and it
     * is not used.
     */
    static void everyOther(float[] src, int s, float[] dst, int d, int count) {
        int i = 0;
        for (; i + L <= count && s + 2 * i + 2 * L <= src.length; i += L) {
            FloatVector lo = FloatVector.fromArray(S, src, s + 2 * i).rearrange(EVEN_LANES_TWICE);
            FloatVector hi = FloatVector.fromArray(S, src, s + 2 * i + L).rearrange(EVEN_LANES_TWICE);
            lo.blend(hi, UPPER_HALF).intoArray(dst, d + i);
        }
        for (; i < count; i++) dst[d + i] = src[s + 2 * i];
    }

    /**
     * even[e + i] = src[s + 2i] and odd[o + i] = src[s + 2i + 1] for i < count: a row of 2 * count
     * floats split into its column phases (DepthwiseConv's stride-2 quarters), each pair of vectors
     * loaded once for both, as in {@link #everyOther}. Runs shorter than a vector (8-wide rows) are
     * vectors too: whole vectors are stored, so up to {@code L - 1} floats past {@code count} in even
     * and odd are overwritten with what comes after the run in src, and the caller must leave that
     * room. (A half-width species for the short runs made every caller of the class slower on JDK 17:
     * resnet-hne's batch-1 forward 1.5 -> 1.8 ms on one thread.)
     */
    static void splitEvenOdd(float[] src, int s, float[] even, int e, float[] odd, int o, int count) {
        int i = 0;
        for (; i < count && s + 2 * i + 2 * L <= src.length; i += L) {
            FloatVector a = FloatVector.fromArray(S, src, s + 2 * i), b = FloatVector.fromArray(S, src, s + 2 * i + L);
            a.rearrange(EVEN_LANES_TWICE).blend(b.rearrange(EVEN_LANES_TWICE), UPPER_HALF).intoArray(even, e + i);
            a.rearrange(ODD_LANES_TWICE).blend(b.rearrange(ODD_LANES_TWICE), UPPER_HALF).intoArray(odd, o + i);
        }
        for (; i < count; i++) {
            even[e + i] = src[s + 2 * i];
            odd[o + i] = src[s + 2 * i + 1];
        }
    }

    // ---------------------------------------------------------------- maps: out[i] = f(a[i], b[i])

    static void add(float[] a, float[] b, float[] out, int from, int to) {
        int i = from;
        for (; i <= to - L; i += L) {
            FloatVector.fromArray(S, a, i).add(FloatVector.fromArray(S, b, i)).intoArray(out, i);
        }
        for (; i < to; i++) out[i] = a[i] + b[i];
    }

    static void sub(float[] a, float[] b, float[] out, int from, int to) {
        int i = from;
        for (; i <= to - L; i += L) {
            FloatVector.fromArray(S, a, i).sub(FloatVector.fromArray(S, b, i)).intoArray(out, i);
        }
        for (; i < to; i++) out[i] = a[i] - b[i];
    }

    static void mul(float[] a, float[] b, float[] out, int from, int to) {
        int i = from;
        for (; i <= to - L; i += L) {
            FloatVector.fromArray(S, a, i).mul(FloatVector.fromArray(S, b, i)).intoArray(out, i);
        }
        for (; i < to; i++) out[i] = a[i] * b[i];
    }

    /** out = x > 0 ? g : 0 (lo = 0, hi = +inf) or, for ReLU6, 0 < x < 6 ? g : 0. */
    static void passWhereInside(float[] g, float[] x, float[] out, float lo, float hi, int from, int to) {
        int i = from;
        for (; i <= to - L; i += L) {
            FloatVector xv = FloatVector.fromArray(S, x, i);
            VectorMask<Float> inside = xv.compare(VectorOperators.GT, lo).and(xv.compare(VectorOperators.LT, hi));
            FloatVector.zero(S).blend(FloatVector.fromArray(S, g, i), inside).intoArray(out, i);
        }
        for (; i < to; i++) out[i] = x[i] > lo && x[i] < hi ? g[i] : 0f;
    }

    /** d[dOff + i] += s[sOff + i] for i < length (accumulating channel copies). */
    static void add(float[] s, int sOff, float[] d, int dOff, int length) {
        addRows(s, sOff, d, dOff, d, dOff, length);
    }

    /** out[oOff + i] = a[aOff + i] + b[bOff + i] for i < length. */
    static void addRows(float[] a, int aOff, float[] b, int bOff, float[] out, int oOff, int length) {
        int i = 0;
        for (; i <= length - L; i += L) {
            FloatVector.fromArray(S, a, aOff + i).add(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, oOff + i);
        }
        for (; i < length; i++) out[oOff + i] = a[aOff + i] + b[bOff + i];
    }

    /** out = max(x * scale + shift (+ res), 0), res may be null: batch norm with a fused ReLU. */
    static void scaleShiftAddRelu(float[] x, float[] res, float[] out, float scale, float shift, int from, int to) {
        int i = from;
        FloatVector sv = FloatVector.broadcast(S, scale), tv = FloatVector.broadcast(S, shift);
        if (res == null) {
            for (; i <= to - L; i += L) {
                FloatVector.fromArray(S, x, i).fma(sv, tv).max(0f).intoArray(out, i);
            }
        } else {
            for (; i <= to - L; i += L) {
                FloatVector.fromArray(S, x, i).fma(sv, tv).add(FloatVector.fromArray(S, res, i)).max(0f)
                        .intoArray(out, i);
            }
        }
        for (; i < to; i++) out[i] = Math.max(x[i] * scale + shift + (res == null ? 0f : res[i]), 0f);
    }

    /** out = min(max(x, lo), hi): ReLU with hi = +inf, ReLU6 with hi = 6. */
    static void clamp(float[] x, float[] out, float lo, float hi, int from, int to) {
        int i = from;
        for (; i <= to - L; i += L) {
            FloatVector.fromArray(S, x, i).max(lo).min(hi).intoArray(out, i);
        }
        for (; i < to; i++) out[i] = Math.min(Math.max(x[i], lo), hi);
    }

    /** out = x * scale + shift: scaling, batch norm's affine step. */
    static void scaleShift(float[] x, float[] out, float scale, float shift, int from, int to) {
        int i = from;
        FloatVector sv = FloatVector.broadcast(S, scale), tv = FloatVector.broadcast(S, shift);
        for (; i <= to - L; i += L) {
            FloatVector.fromArray(S, x, i).fma(sv, tv).intoArray(out, i);
        }
        for (; i < to; i++) out[i] = x[i] * scale + shift;
    }

    /** y += alpha * x. */
    static void axpy(float alpha, float[] x, float[] y, int from, int to) {
        int i = from;
        FloatVector av = FloatVector.broadcast(S, alpha);
        for (; i <= to - L; i += L) {
            FloatVector.fromArray(S, x, i).fma(av, FloatVector.fromArray(S, y, i)).intoArray(y, i);
        }
        for (; i < to; i++) y[i] += alpha * x[i];
    }

    /** Batch norm's input gradient for one row: out = k * (dy - meanDy - (x - mean) * c). */
    static void batchNormInputGradient(float[] dy, float[] x, float[] out, float k, float meanDy, float mean,
                                       float c, int from, int to) {
        int i = from;
        FloatVector kv = FloatVector.broadcast(S, k), mv = FloatVector.broadcast(S, mean);
        FloatVector dv = FloatVector.broadcast(S, meanDy), cv = FloatVector.broadcast(S, c);
        for (; i <= to - L; i += L) {
            FloatVector centred = FloatVector.fromArray(S, x, i).sub(mv);
            FloatVector.fromArray(S, dy, i).sub(dv).sub(centred.mul(cv)).mul(kv).intoArray(out, i);
        }
        for (; i < to; i++) out[i] = k * (dy[i] - meanDy - (x[i] - mean) * c);
    }

    /**
     * The same with dy masked by a fused ReLU: out = k * ((y > 0 ? dy : 0) - meanDy - (x - mean) * c),
     * where y is the ReLU's output.
     */
    static void batchNormReluInputGradient(float[] dy, float[] y, float[] x, float[] out, float k, float meanDy,
                                           float mean, float c, int from, int to) {
        int i = from;
        FloatVector kv = FloatVector.broadcast(S, k), mv = FloatVector.broadcast(S, mean);
        FloatVector dv = FloatVector.broadcast(S, meanDy), cv = FloatVector.broadcast(S, c);
        FloatVector zero = FloatVector.zero(S);
        for (; i <= to - L; i += L) {
            VectorMask<Float> on = FloatVector.fromArray(S, y, i).compare(VectorOperators.GT, 0f);
            FloatVector d = zero.blend(FloatVector.fromArray(S, dy, i), on);
            FloatVector centred = FloatVector.fromArray(S, x, i).sub(mv);
            d.sub(dv).sub(centred.mul(cv)).mul(kv).intoArray(out, i);
        }
        for (; i < to; i++) out[i] = k * ((y[i] > 0 ? dy[i] : 0f) - meanDy - (x[i] - mean) * c);
    }

    // ---------------------------------------------------------------- row reductions

    /**
     * Both sums batch norm's backward needs, in one pass over a row: acc[0] += sum(d) and
     * acc[1] += sum(d * (x - mean)); with y non-null, d is masked where y <= 0 (a fused ReLU).
     */
    static void batchNormBackwardSums(float[] d, float[] y, float[] x, float mean, int from, int length,
                                      double[] acc) {
        int i = from, end = from + length;
        FloatVector mv = FloatVector.broadcast(S, mean), zero = FloatVector.zero(S);
        FloatVector s0 = zero, s1 = zero, p0 = zero, p1 = zero;
        if (y == null) {
            for (; i <= end - 2 * L; i += 2 * L) {
                FloatVector d0 = FloatVector.fromArray(S, d, i), d1 = FloatVector.fromArray(S, d, i + L);
                s0 = s0.add(d0);
                s1 = s1.add(d1);
                p0 = d0.fma(FloatVector.fromArray(S, x, i).sub(mv), p0);
                p1 = d1.fma(FloatVector.fromArray(S, x, i + L).sub(mv), p1);
            }
        } else {
            for (; i <= end - 2 * L; i += 2 * L) {
                FloatVector d0 = zero.blend(FloatVector.fromArray(S, d, i),
                        FloatVector.fromArray(S, y, i).compare(VectorOperators.GT, 0f));
                FloatVector d1 = zero.blend(FloatVector.fromArray(S, d, i + L),
                        FloatVector.fromArray(S, y, i + L).compare(VectorOperators.GT, 0f));
                s0 = s0.add(d0);
                s1 = s1.add(d1);
                p0 = d0.fma(FloatVector.fromArray(S, x, i).sub(mv), p0);
                p1 = d1.fma(FloatVector.fromArray(S, x, i + L).sub(mv), p1);
            }
        }
        float sum = s0.add(s1).reduceLanes(VectorOperators.ADD);
        float dot = p0.add(p1).reduceLanes(VectorOperators.ADD);
        for (; i < end; i++) {
            float di = y == null || y[i] > 0 ? d[i] : 0f;
            sum += di;
            dot += di * (x[i] - mean);
        }
        acc[0] += sum;
        acc[1] += dot;
    }

    static float sum(float[] a, int from, int length) {
        int i = from, end = from + length;
        FloatVector acc0 = FloatVector.zero(S), acc1 = FloatVector.zero(S);
        for (; i <= end - 2 * L; i += 2 * L) {
            acc0 = acc0.add(FloatVector.fromArray(S, a, i));
            acc1 = acc1.add(FloatVector.fromArray(S, a, i + L));
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < end; i++) s += a[i];
        return s;
    }

    /** Sum of (a[i] - mean)^2: the variance's numerator, computed after the mean (no cancellation). */
    static float sumSquaredDeviation(float[] a, int from, int length, float mean) {
        int i = from, end = from + length;
        FloatVector mv = FloatVector.broadcast(S, mean);
        FloatVector acc0 = FloatVector.zero(S), acc1 = FloatVector.zero(S);
        for (; i <= end - 2 * L; i += 2 * L) {
            FloatVector d0 = FloatVector.fromArray(S, a, i).sub(mv), d1 = FloatVector.fromArray(S, a, i + L).sub(mv);
            acc0 = d0.fma(d0, acc0);
            acc1 = d1.fma(d1, acc1);
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < end; i++) s += (a[i] - mean) * (a[i] - mean);
        return s;
    }

    /** Sum of a[aOff + i] * b[bOff + i] for i < length. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int length) {
        int i = 0;
        FloatVector acc0 = FloatVector.zero(S), acc1 = FloatVector.zero(S);
        for (; i <= length - 2 * L; i += 2 * L) {
            acc0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc0);
            acc1 = FloatVector.fromArray(S, a, aOff + i + L).fma(FloatVector.fromArray(S, b, bOff + i + L), acc1);
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < length; i++) s += a[aOff + i] * b[bOff + i];
        return s;
    }

    /** Sum of a[i] * (b[i] - shift). */
    static float dotShifted(float[] a, float[] b, float shift, int from, int length) {
        int i = from, end = from + length;
        FloatVector sv = FloatVector.broadcast(S, shift);
        FloatVector acc0 = FloatVector.zero(S), acc1 = FloatVector.zero(S);
        for (; i <= end - 2 * L; i += 2 * L) {
            acc0 = FloatVector.fromArray(S, a, i).fma(FloatVector.fromArray(S, b, i).sub(sv), acc0);
            acc1 = FloatVector.fromArray(S, a, i + L).fma(FloatVector.fromArray(S, b, i + L).sub(sv), acc1);
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < end; i++) s += a[i] * (b[i] - shift);
        return s;
    }
}
