package dev.hne.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.backend.Storage;
import dev.hne.engine.backend.UnaryOp;
import dev.hne.engine.ops.ConvBatchNormInfer;
import dev.hne.engine.ops.Fusion;
import dev.hne.engine.reference.ReferenceConv;
import dev.hne.engine.reference.ReferenceOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused inference primitive y = act(batch_norm_eval(conv(x, w)) + residual) against the
 * double-precision reference (ReferenceConv, then ReferenceOps' batch norm, add and activations),
 * on every shape of {@link CpuConvTest} (GEMM, im2col and the three depthwise routes, K > KC, ragged
 * tiles), with and without a residual, for no activation, ReLU and ReLU6. Both implementations are
 * checked: the CPU backend's fused kernels (batch norm scale folded into the packed weights, the
 * rest in the GEMM's store) and {@code Fusion}'s composition from the other primitives, which a
 * backend without {@code FusedKernels} gets.
 *
 * <p>Tolerance as in CpuConvTest: 1e-5 times the reference run on absolute values (|scale| * the
 * conv of |x| and |w|, plus |shift| and |residual|), plus a tiny floor.
 */
class ConvBatchNormInferTest {

    static Stream<Arguments> cases() {
        UnaryOp[] acts = {null, UnaryOp.RELU, UnaryOp.RELU6};
        int[] i = {0};
        Stream<Arguments> mixed = CpuConvTest.shapes().map(g -> {
            int k = i[0]++;
            return Arguments.of(g, acts[k % 3], k % 2 == 0);
        });
        // HNE shapes whose tiles are all full (8 rows x 32 columns), so the epilogue runs in the
        // micro-kernel's registers, in every combination; one with K > KC (epilogue on the last slab)
        List<ConvGeometry> full = List.of(new ConvGeometry(2, 64, 8, 8, 256, 1, 1, 1, 0, 4),
                new ConvGeometry(1, 256, 8, 8, 256, 1, 1, 1, 0, 16),
                new ConvGeometry(1, 600, 8, 8, 32, 1, 1, 1, 0, 1),
                // K = 16: tiles in row order (GemmDriver.ROW_ORDER_MAX_K); 144 columns end in a ragged panel
                new ConvGeometry(2, 16, 12, 12, 64, 1, 1, 1, 0, 1),
                // 4096 columns (CpuConv.PACK_WEIGHTS_MIN_COLUMNS): whole tiles, weights packed once per call
                new ConvGeometry(4, 16, 32, 32, 32, 1, 1, 1, 0, 1),
                // at most 32 rows (GemmDriver.IN_PLACE_B_MAX_ROWS): B read in place, in wide tiles (then a single
                // panel, then a ragged tail packed) or, with rows 1 KB apart (16 x 16), in 8 x 32 tiles only
                new ConvGeometry(1, 48, 7, 7, 24, 1, 1, 1, 0, 1), new ConvGeometry(1, 144, 28, 28, 24, 1, 1, 1, 0, 1),
                new ConvGeometry(1, 16, 12, 12, 16, 3, 3, 1, 1, 1), new ConvGeometry(1, 32, 10, 10, 16, 1, 1, 1, 0, 1),
                new ConvGeometry(1, 64, 16, 16, 32, 1, 1, 1, 0, 1));
        // Depthwise 3x3 stride 2 on even planes (DepthwiseConv version 3, inference only): output rows of
        // 16 (whole vectors), 8 (vectors across rows), 7 and 14 (a plane ending in a partial vector), a
        // non-square plane, a 1x1 output
        List<ConvGeometry> stride2 = List.of(new ConvGeometry(2, 16, 32, 32, 16, 3, 3, 2, 1, 16),
                new ConvGeometry(2, 32, 16, 16, 32, 3, 3, 2, 1, 32),
                new ConvGeometry(1, 8, 14, 14, 8, 3, 3, 2, 1, 8),
                new ConvGeometry(1, 4, 28, 28, 4, 3, 3, 2, 1, 4),
                new ConvGeometry(1, 3, 8, 12, 3, 3, 3, 2, 1, 3),
                new ConvGeometry(2, 2, 2, 2, 2, 3, 3, 2, 1, 2));
        return Stream.of(mixed, everyCombination(full, acts), everyCombination(stride2, acts)).flatMap(c -> c);
    }

    /** Each shape with each activation, with and without a residual. */
    private static Stream<Arguments> everyCombination(List<ConvGeometry> shapes, UnaryOp[] acts) {
        List<Arguments> cases = new ArrayList<>();
        for (ConvGeometry g : shapes) {
            for (UnaryOp act : acts) {
                cases.add(Arguments.of(g, act, false));
                cases.add(Arguments.of(g, act, true));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void fusedAndComposedMatchTheReference(ConvGeometry g, UnaryOp act, boolean withResidual) {
        Inputs in = Inputs.drawn(g, new Random(g.hashCode() * 31L + (act == null ? 0 : act.ordinal() + 1)
                + (withResidual ? 7 : 0)), withResidual);
        float[] x = in.x(), w = in.w(), gamma = in.gamma(), beta = in.beta(), mean = in.mean(), var = in.var();
        float[] residual = in.residual();
        float eps = Inputs.EPS;
        double[][] reference = in.reference(g, act);
        double[] expected = reference[0], magnitude = reference[1];

        CpuBackend be = CpuBackend.INSTANCE;
        for (boolean fused : new boolean[] {true, false}) {
            Storage y = be.upload(nanFilled(size(g.outputShape())));   // outputs are overwritten
            Storage xs = be.upload(x), ws = be.upload(w), gs = be.upload(gamma), bs = be.upload(beta);
            Storage ms = be.upload(mean), vs = be.upload(var), rs = residual == null ? null : be.upload(residual);
            if (fused) {
                be.conv2dBatchNormActInfer(g, xs, ws, null, gs, bs, ms, vs, eps, rs, act, y);
            } else {
                Fusion.composedConv2dBatchNormActInfer(be, g, xs, ws, null, gs, bs, ms, vs, eps, rs, act, y);
            }
            String what = g + " act " + act + (withResidual ? " +residual" : "")
                    + (fused ? " (cpu fused)" : " (composed)");
            CpuConvTest.assertClose(what, expected, magnitude, be.download(y));
        }
    }

    /**
     * On a pool of two threads, whatever the machine has: batch-1 widening 1x1 layers are cut by
     * output channels there (CpuConv.splitsOutputChannels), with and without a residual; a narrowing
     * one (cut by columns) beside them.
     */
    @ParameterizedTest
    @MethodSource("twoThreadCases")
    void twoThreadsMatchTheReference(ConvGeometry g, boolean withResidual) {
        Inputs in = Inputs.drawn(g, new Random(g.hashCode() + (withResidual ? 3 : 0)), withResidual);
        double[][] reference = in.reference(g, UnaryOp.RELU);
        CpuBackend be = CpuBackend.withThreads(2);
        Storage y = be.upload(nanFilled(size(g.outputShape())));
        be.conv2dBatchNormActInfer(g, be.upload(in.x()), be.upload(in.w()), null, be.upload(in.gamma()),
                be.upload(in.beta()), be.upload(in.mean()), be.upload(in.var()), Inputs.EPS,
                in.residual() == null ? null : be.upload(in.residual()), UnaryOp.RELU, y);
        CpuConvTest.assertClose(g + (withResidual ? " +residual" : "") + " (2 threads)", reference[0], reference[1],
                be.download(y));
    }

    static Stream<Arguments> twoThreadCases() {
        List<Arguments> cases = new ArrayList<>();
        for (ConvGeometry g : List.of(new ConvGeometry(1, 16, 32, 32, 64, 1, 1, 1, 0, 1),
                new ConvGeometry(1, 32, 16, 16, 128, 1, 1, 1, 0, 1), new ConvGeometry(1, 64, 8, 8, 256, 1, 1, 1, 0, 1),
                new ConvGeometry(1, 64, 32, 32, 16, 1, 1, 1, 0, 1))) {
            cases.add(Arguments.of(g, false));
            cases.add(Arguments.of(g, true));
        }
        return cases.stream();
    }

    /**
     * Stored groups read in place give the same floats as the same groups cut out first (by plain
     * copies here), on every route: full tiles in place, ragged rows (packed), pointwise, both
     * depthwise routes; fused and composed. Three groups stored, two computed, out of order.
     */
    @ParameterizedTest
    @MethodSource("storedGroupCases")
    void storedGroupsReadInPlaceEqualTheGroupsCutOut(ConvGeometry g, boolean withResidual) {
        int[] picks = g.isDepthwise() ? depthwisePicks(g.groups()) : new int[] {2, 0};
        int stored = g.isDepthwise() ? g.groups() + 3 : 3, perGroup = g.outPerGroup();
        int filters = perGroup * g.inPerGroup() * g.kernelH() * g.kernelW();
        Random rnd = new Random(g.hashCode() + (withResidual ? 1 : 0));
        float[] x = random(rnd, size(g.inputShape()), 1f), w = random(rnd, stored * filters, 1f);
        float[] gamma = random(rnd, stored * perGroup, 1.5f), beta = random(rnd, stored * perGroup, 0.5f);
        float[] mean = random(rnd, stored * perGroup, 0.5f), var = new float[stored * perGroup];
        for (int ch = 0; ch < var.length; ch++) var[ch] = 0.2f + 2f * rnd.nextFloat();
        float[] residual = withResidual ? random(rnd, size(g.outputShape()), 1f) : null;
        CpuBackend be = CpuBackend.INSTANCE;
        for (boolean fused : new boolean[] {true, false}) {
            float[][] results = new float[2][];
            for (int cut = 0; cut < 2; cut++) {
                Storage y = be.upload(nanFilled(size(g.outputShape())));
                Storage rs = residual == null ? null : be.upload(residual);
                float[][] params = cut == 1
                        ? new float[][] {cutOut(w, picks, filters), cutOut(gamma, picks, perGroup),
                                cutOut(beta, picks, perGroup), cutOut(mean, picks, perGroup), cutOut(var, picks, perGroup)}
                        : new float[][] {w, gamma, beta, mean, var};
                int[] map = cut == 1 ? null : picks;
                Storage xs = be.upload(x), ws = be.upload(params[0]), gs = be.upload(params[1]);
                Storage bs = be.upload(params[2]), ms = be.upload(params[3]), vs = be.upload(params[4]);
                if (fused) {
                    be.conv2dBatchNormActInfer(g, xs, ws, map, gs, bs, ms, vs, 1e-5f, rs, UnaryOp.RELU, y);
                } else {
                    Fusion.composedConv2dBatchNormActInfer(be, g, xs, ws, map, gs, bs, ms, vs, 1e-5f, rs, UnaryOp.RELU, y);
                }
                results[cut] = be.download(y);
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(results[1], results[0],
                    g + (fused ? " fused" : " composed") + ", stored groups " + Arrays.toString(picks));
        }
    }

    static Stream<Arguments> storedGroupCases() {
        List<Arguments> cases = new ArrayList<>();
        for (ConvGeometry g : List.of(
                new ConvGeometry(1, 32, 8, 8, 32, 3, 3, 1, 1, 2),     // 16 rows per group: weights in place
                new ConvGeometry(4, 32, 32, 32, 32, 1, 1, 1, 0, 2),   // 16 rows per group, 4096 columns: packed
                new ConvGeometry(2, 12, 9, 9, 10, 3, 3, 2, 1, 2),     // 5 rows per group: packed, ragged
                new ConvGeometry(1, 16, 8, 8, 32, 1, 1, 1, 0, 2),     // pointwise
                new ConvGeometry(2, 6, 8, 8, 6, 3, 3, 1, 1, 6),       // depthwise 3x3, vector route
                new ConvGeometry(1, 6, 9, 9, 6, 3, 3, 2, 1, 6),       // depthwise, direct route
                new ConvGeometry(2, 6, 16, 16, 6, 3, 3, 2, 1, 6))) {  // depthwise stride 2, quarters route
            cases.add(Arguments.of(g, false));
            cases.add(Arguments.of(g, true));
        }
        return cases.stream();
    }

    /** For depthwise layers: computed channel i reads stored channel (i * 5 + 3) mod (groups + 3), all distinct. */
    private static int[] depthwisePicks(int groups) {
        int[] picks = new int[groups];
        for (int i = 0; i < groups; i++) picks[i] = (i * 5 + 3) % (groups + 3);
        return picks;
    }

    private static float[] cutOut(float[] all, int[] picks, int block) {
        float[] out = new float[picks.length * block];
        for (int i = 0; i < picks.length; i++) {
            for (int j = 0; j < block; j++) out[i * block + j] = all[picks[i] * block + j];
        }
        return out;
    }

    @Test
    void theOpRefusesStoredGroupsOutsideTheWeight() {
        try (var scope = Autograd.noGrad()) {
            Tensor x = Tensor.zeros(1, 4, 4, 4), w = Tensor.zeros(6, 2, 1, 1);
            Tensor ones = Tensor.full(1f, 6), zeros = Tensor.zeros(6);
            Tensor y = ConvBatchNormInfer.apply(x, w, 1, 0, 3, new int[] {2, 1}, ones, zeros, zeros, ones, 1e-5f, null,
                    UnaryOp.RELU);
            assertTrue(Arrays.equals(new int[] {1, 4, 4, 4}, y.shape()), Arrays.toString(y.shape()));
            var e = assertThrows(IllegalArgumentException.class, () -> ConvBatchNormInfer.apply(x, w, 1, 0, 3,
                    new int[] {3, 0}, ones, zeros, zeros, ones, 1e-5f, null, UnaryOp.RELU));
            assertTrue(e.getMessage().contains("stored group 3"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ConvBatchNormInfer.apply(x, w, 1, 0, 3,
                    new int[] {0, 1, 2}, ones, zeros, zeros, ones, 1e-5f, null, UnaryOp.RELU));   // 6 input channels
        }
    }

    @Test
    void theOpRefusesToRunWhereGradientsWouldBeNeeded() {
        Tensor x = Tensor.zeros(1, 2, 4, 4), w = Tensor.zeros(2, 2, 1, 1).requiresGrad(true);
        Tensor ones = Tensor.full(1f, 2), zeros = Tensor.zeros(2);
        var e = assertThrows(IllegalStateException.class, () ->
                ConvBatchNormInfer.apply(x, w, 1, 0, 1, ones, zeros, zeros, ones, 1e-5f, null, UnaryOp.RELU));
        assertTrue(e.getMessage().contains("noGrad"), e.getMessage());
        try (var scope = Autograd.noGrad()) {
            Tensor y = ConvBatchNormInfer.apply(x, w, 1, 0, 1, ones, zeros, zeros, ones, 1e-5f, null, UnaryOp.RELU);
            assertTrue(Arrays.equals(new int[] {1, 2, 4, 4}, y.shape()));
            assertThrows(IllegalArgumentException.class, () ->
                    ConvBatchNormInfer.apply(x, w, 1, 0, 1, ones, zeros, zeros, ones, 1e-5f, null, UnaryOp.EXP));
            assertThrows(IllegalArgumentException.class, () ->
                    ConvBatchNormInfer.apply(x, w, 1, 0, 1, ones, zeros, zeros, ones, 1e-5f, Tensor.zeros(1, 2, 2, 2),
                            null));
        }
    }

    /**
     * Where the CPU backend can write a convolution's output over its residual
     * ({@code CpuConv.canWriteOverResidual}), doing so gives the same bits as a separate output, on
     * every shape above with one thread and with two; where it cannot (depthwise, k > KC with packed
     * weights), the aliased call is refused rather than computed wrong. Both answers must occur.
     */
    @Test
    void writingOverTheResidualGivesTheBitsOfASeparateOutput() {
        List<ConvGeometry> shapes = Stream.concat(cases().map(a -> (ConvGeometry) a.get()[0]),
                twoThreadCases().map(a -> (ConvGeometry) a.get()[0])).distinct().toList();
        int over = 0, refused = 0;
        for (CpuBackend be : List.of(CpuBackend.INSTANCE, CpuBackend.withThreads(2))) {
            for (ConvGeometry g : shapes) {
                Inputs in = Inputs.drawn(g, new Random(g.hashCode() + 11), true);
                Storage apart = be.upload(nanFilled(size(g.outputShape())));
                runFused(be, g, in, be.upload(in.residual()), apart);
                Storage shared = be.upload(in.residual());
                if (CpuConv.canWriteOverResidual(g)) {
                    runFused(be, g, in, shared, shared);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(be.download(apart), be.download(shared),
                            g + " written over its residual, " + be.threads() + " thread(s)");
                    over++;
                } else {
                    assertThrows(IllegalArgumentException.class, () -> runFused(be, g, in, shared, shared),
                            g::toString);
                    refused++;
                }
            }
        }
        assertTrue(over >= 40 && refused >= 20, over + " shapes written over, " + refused + " refused");
        // the routes named: weights read in place, packed (4096 columns), packed with ragged tiles, by output
        // channels (batch 1, widening); refused: depthwise and a packed k of 630
        for (ConvGeometry g : List.of(new ConvGeometry(1, 64, 8, 8, 256, 1, 1, 1, 0, 1),
                new ConvGeometry(4, 16, 32, 32, 32, 1, 1, 1, 0, 1), new ConvGeometry(2, 12, 9, 9, 10, 3, 3, 2, 1, 2),
                new ConvGeometry(1, 16, 32, 32, 64, 1, 1, 1, 0, 1))) {
            assertTrue(CpuConv.canWriteOverResidual(g), g::toString);
        }
        for (ConvGeometry g : List.of(new ConvGeometry(3, 16, 8, 8, 16, 3, 3, 1, 1, 16),
                new ConvGeometry(1, 70, 5, 5, 130, 3, 3, 1, 1, 1))) {
            assertTrue(!CpuConv.canWriteOverResidual(g), g::toString);
        }
    }

    /** The backend writes over the residual where it can and the output is 4 MB or more (2^20 floats), no smaller. */
    @Test
    void onlyLargeOutputsAreWrittenOverTheResidual() {
        CpuBackend be = CpuBackend.INSTANCE;
        assertTrue(be.writesOverResidual(new ConvGeometry(64, 16, 32, 32, 64, 1, 1, 1, 0, 1)), "batch 64, 16 MB");
        assertTrue(be.writesOverResidual(new ConvGeometry(16, 16, 32, 32, 64, 1, 1, 1, 0, 1)), "batch 16, 4 MB");
        assertTrue(!be.writesOverResidual(new ConvGeometry(15, 16, 32, 32, 64, 1, 1, 1, 0, 1)), "batch 15");
        assertTrue(!be.writesOverResidual(new ConvGeometry(1, 16, 32, 32, 64, 1, 1, 1, 0, 1)), "batch 1");
        assertTrue(!be.writesOverResidual(new ConvGeometry(64, 64, 32, 32, 64, 3, 3, 1, 1, 64)), "depthwise");
    }

    /**
     * The op: applyOverResidual returns the residual tensor itself, now holding the same values
     * apply gives, where the backend writes over it (an output of 2^20 floats); a new tensor where it
     * does not (depthwise; a smaller output) or where the residual is the convolution's own input.
     */
    @Test
    void theOpWritesOverTheResidualOnlyWhereTheBackendDoes() {
        try (var scope = Autograd.noGrad()) {
            Random rnd = new Random(5);
            Tensor ones = Tensor.full(1f, 16), zeros = Tensor.zeros(16);
            Tensor pointwise = Tensor.of(random(rnd, 16 * 16, 1f), 16, 16, 1, 1);
            Tensor depthwise = Tensor.of(random(rnd, 16 * 9, 1f), 16, 1, 3, 3);
            for (int side : new int[] {128, 16}) {
                int[] shape = {4, 16, side, side};
                Tensor x = Tensor.of(random(rnd, 4 * 16 * side * side, 1f), shape);
                float[] res = random(rnd, 4 * 16 * side * side, 1f);
                for (Tensor w : List.of(pointwise, depthwise)) {
                    int groups = w == pointwise ? 1 : 16, padding = w == pointwise ? 0 : 1;
                    Tensor expected = ConvBatchNormInfer.apply(x, w, 1, padding, groups, ones, zeros, zeros, ones,
                            1e-5f, Tensor.of(res.clone(), shape), UnaryOp.RELU);
                    Tensor residual = Tensor.of(res.clone(), shape);
                    Tensor y = ConvBatchNormInfer.applyOverResidual(x, w, 1, padding, groups, null, ones, zeros, zeros,
                            ones, 1e-5f, residual, UnaryOp.RELU);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(expected.toArray(), y.toArray());
                    boolean expectOver = w == pointwise && side == 128;
                    assertTrue((y == residual) == expectOver, side + " x " + side
                            + (w == pointwise ? " 1x1" : " depthwise") + ": written over the residual " + (y == residual));
                }
                Tensor self = ConvBatchNormInfer.applyOverResidual(x, pointwise, 1, 0, 1, null, ones, zeros, zeros,
                        ones, 1e-5f, x, UnaryOp.RELU);
                assertTrue(self != x, "the residual is the input the convolution reads: a new output");
            }
            Tensor x = Tensor.zeros(1, 16, 4, 4);
            assertThrows(IllegalArgumentException.class, () -> ConvBatchNormInfer.applyOverResidual(x, pointwise, 1, 0,
                    1, null, ones, zeros, zeros, ones, 1e-5f, null, UnaryOp.RELU));
        }
    }

    private static void runFused(CpuBackend be, ConvGeometry g, Inputs in, Storage residual, Storage y) {
        be.conv2dBatchNormActInfer(g, be.upload(in.x()), be.upload(in.w()), null, be.upload(in.gamma()),
                be.upload(in.beta()), be.upload(in.mean()), be.upload(in.var()), Inputs.EPS, residual, UnaryOp.RELU, y);
    }

    /** Random inputs of the fused op for geometry g: weights, batch-norm parameters and statistics, a residual. */
    private record Inputs(float[] x, float[] w, float[] gamma, float[] beta, float[] mean, float[] var,
                          float[] residual) {
        static final float EPS = 1e-5f;

        static Inputs drawn(ConvGeometry g, Random rnd, boolean withResidual) {
            int c = g.outChannels();
            float[] x = random(rnd, size(g.inputShape()), 1f);
            float[] w = random(rnd, size(g.weightShape()), 1f);
            float[] gamma = random(rnd, c, 1.5f), beta = random(rnd, c, 0.5f);
            float[] mean = random(rnd, c, 0.5f), var = new float[c];
            for (int ch = 0; ch < c; ch++) var[ch] = 0.2f + 2f * rnd.nextFloat();
            float[] residual = withResidual ? random(rnd, size(g.outputShape()), 1f) : null;
            return new Inputs(x, w, gamma, beta, mean, var, residual);
        }

        double[][] reference(ConvGeometry g, UnaryOp act) {
            return ConvBatchNormInferTest.reference(g, x, w, gamma, beta, mean, var, EPS, residual, act);
        }
    }

    /**
     * {expected, magnitude}: the double-precision reference of the fused op (conv, eval batch norm,
     * residual, activation), and the same run on absolute values, which scales the tolerance.
     */
    static double[][] reference(ConvGeometry g, float[] x, float[] w, float[] gamma, float[] beta, float[] mean,
                                float[] var, float eps, float[] residual, UnaryOp act) {
        int c = g.outChannels(), hw = g.outHeight() * g.outWidth(), n = g.batch();
        double[] conv = ReferenceConv.forward(g, x, w);
        double[] expected = ReferenceOps.batchNormEval(conv, d(gamma), d(beta), d(mean), d(var), n, c, hw, eps);
        if (residual != null) expected = ReferenceOps.add(expected, d(residual));
        if (act == UnaryOp.RELU) expected = ReferenceOps.relu(expected);
        if (act == UnaryOp.RELU6) expected = ReferenceOps.relu6(expected);
        double[] magnitude = ReferenceConv.forward(g, ReferenceConv.abs(x), ReferenceConv.abs(w));
        for (int i = 0; i < magnitude.length; i++) {
            int ch = (i / hw) % c;
            double scale = Math.abs(gamma[ch]) / Math.sqrt(var[ch] + eps);
            magnitude[i] = scale * magnitude[i] + Math.abs(beta[ch]) + scale * Math.abs(mean[ch])
                    + (residual == null ? 0 : Math.abs(residual[i]));
        }
        return new double[][] {expected, magnitude};
    }

    private static int size(int[] shape) {
        int s = 1;
        for (int v : shape) s *= v;
        return s;
    }

    private static float[] random(Random rnd, int size, float range) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = (rnd.nextFloat() * 2 - 1) * range;
        return v;
    }

    private static float[] nanFilled(int size) {
        float[] v = new float[size];
        Arrays.fill(v, Float.NaN);
        return v;
    }

    private static double[] d(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }
}
