package dev.hne.engine.backend.cuda;

import static dev.hne.engine.backend.cuda.CudaParity.assertClose;
import static dev.hne.engine.backend.cuda.CudaParity.randn;

import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.BinaryOp;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.backend.Storage;
import dev.hne.engine.backend.UnaryOp;
import dev.hne.engine.backend.cpu.CpuBackend;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every Backend op on the GPU against CpuBackend (itself tested against the double-precision
 * reference), forward and backward, on odd sizes that fill no warp or tile evenly. Skips, saying
 * why, without a usable GPU.
 *
 * <p>Tolerances (|cuda - cpu| <= atol + rtol |cpu|, inputs ~ N(0, 1)):
 * copies, replication, fill, add/sub/mul/relu: exact (0, 0);
 * scale, axpy, SGD, bias, pooling backward: 1e-6 + 1e-6 (one rounding each side, maybe an FMA);
 * exp, log, softmax: 1e-6 + 1e-5 (expf/logf are within 2 ulp, not correctly rounded);
 * sums and pooling: 1e-5 + 1e-5 (different summation order);
 * matmul and convolutions: 1e-4 + 1e-4 (float32 dot products of up to ~600 terms in another order;
 * cuDNN runs with FMA math, no TF32); batch norm: 1e-4 + 1e-4.
 */
class BackendOpsCudaParityTest {

    private final Backend cpu = CpuBackend.INSTANCE;
    private CudaBackend gpu;
    private Random rng;

    @BeforeEach
    void setUp() {
        gpu = CudaParity.backendOrSkip();
        rng = new Random(42);
    }

    private float[] run(Backend b, java.util.function.Function<Backend, Storage> op) {
        return b.download(op.apply(b));
    }

    // ---------------------------------------------------------------- memory and elementwise

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 1000, 65_537})
    void uploadDownloadFillAllocate(int n) {
        float[] x = randn(rng, n);
        assertClose("upload/download", x, gpu.download(gpu.upload(x)), 0, 0);
        assertClose("allocate zero-fills", new float[n], gpu.download(gpu.allocate(n, true)), 0, 0);
        Storage s = gpu.allocate(n, true);
        gpu.fill(s, -3.25f);
        float[] expected = new float[n];
        java.util.Arrays.fill(expected, -3.25f);
        assertClose("fill", expected, gpu.download(s), 0, 0);
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unary(UnaryOp op) {
        float[] x = randn(rng, 3001);
        if (op == UnaryOp.LOG) for (int i = 0; i < x.length; i++) x[i] = Math.abs(x[i]) + 1e-3f;
        if (op == UnaryOp.RELU6) for (int i = 0; i < x.length; i++) x[i] *= 5;
        float[] expected = run(cpu, b -> { Storage o = b.allocate(x.length, true); b.unary(op, b.upload(x), o); return o; });
        float[] actual = run(gpu, b -> { Storage o = b.allocate(x.length, true); b.unary(op, b.upload(x), o); return o; });
        boolean transcendental = op == UnaryOp.EXP || op == UnaryOp.LOG;
        assertClose(op.name(), expected, actual, transcendental ? 1e-6 : 0, transcendental ? 1e-5 : 0);
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binary(BinaryOp op) {
        float[] a = randn(rng, 2999), c = randn(rng, 2999);
        for (int i = 0; i < c.length; i++) c[i] *= 5;   // crosses 0 and 6 for the activation derivatives
        float[] expected = run(cpu, b -> { Storage o = b.allocate(a.length, true); b.binary(op, b.upload(a), b.upload(c), o); return o; });
        float[] actual = run(gpu, b -> { Storage o = b.allocate(a.length, true); b.binary(op, b.upload(a), b.upload(c), o); return o; });
        assertClose(op.name(), expected, actual, 0, 0);
    }

    @Test
    void binaryInPlace() {
        float[] a = randn(rng, 517), c = randn(rng, 517);
        float[] expected = run(cpu, b -> { Storage x = b.upload(a); b.binary(BinaryOp.SUB, x, b.upload(c), x); return x; });
        float[] actual = run(gpu, b -> { Storage x = b.upload(a); b.binary(BinaryOp.SUB, x, b.upload(c), x); return x; });
        assertClose("sub in place", expected, actual, 0, 0);
    }

    @Test
    void fusedAddReluEqualsAddThenRelu() {
        float[] a = randn(rng, 4099), c = randn(rng, 4099);
        float[] expected = run(cpu, b -> {
            Storage o = b.allocate(a.length, true);
            b.binary(BinaryOp.ADD, b.upload(a), b.upload(c), o);
            b.unary(UnaryOp.RELU, o, o);
            return o;
        });
        Storage o = gpu.allocate(a.length, true);
        gpu.addRelu(gpu.upload(a), gpu.upload(c), o);
        assertClose("add_relu", expected, gpu.download(o), 0, 0);
    }

    @Test
    void scaleAndAxpy() {
        float[] x = randn(rng, 10_007), y = randn(rng, 10_007);
        float[] e1 = run(cpu, b -> { Storage o = b.allocate(x.length, true); b.scale(b.upload(x), -0.37f, o); return o; });
        float[] a1 = run(gpu, b -> { Storage o = b.allocate(x.length, true); b.scale(b.upload(x), -0.37f, o); return o; });
        assertClose("scale", e1, a1, 1e-6, 1e-6);
        float[] e2 = run(cpu, b -> { Storage t = b.upload(y); b.axpy(1.7f, b.upload(x), t); return t; });
        float[] a2 = run(gpu, b -> { Storage t = b.upload(y); b.axpy(1.7f, b.upload(x), t); return t; });
        assertClose("axpy", e2, a2, 1e-6, 1e-6);
    }

    // ---------------------------------------------------------------- broadcast and reduce

    static List<int[]> omiShapes() {
        // (outer, mid, inner): NCHW channel bias, (N, F) feature bias, a total sum, a long middle
        return List.of(new int[] {3, 5, 7}, new int[] {17, 10, 1}, new int[] {1, 1281, 1}, new int[] {1, 100_003, 1},
                new int[] {2, 64, 49}, new int[] {130, 3, 33});
    }

    @ParameterizedTest
    @MethodSource("omiShapes")
    void addBiasAndSumMiddle(int[] s) {
        int outer = s[0], mid = s[1], inner = s[2], n = outer * mid * inner;
        float[] x = randn(rng, n), bias = randn(rng, mid);
        float[] e1 = run(cpu, b -> { Storage o = b.allocate(n, true); b.addBias(b.upload(x), b.upload(bias), outer, mid, inner, o); return o; });
        float[] a1 = run(gpu, b -> { Storage o = b.allocate(n, true); b.addBias(b.upload(x), b.upload(bias), outer, mid, inner, o); return o; });
        assertClose("addBias", e1, a1, 0, 0);
        float[] e2 = run(cpu, b -> { Storage o = b.allocate((long) outer * inner, true); b.sumMiddle(b.upload(x), outer, mid, inner, o); return o; });
        float[] a2 = run(gpu, b -> { Storage o = b.allocate((long) outer * inner, true); b.sumMiddle(b.upload(x), outer, mid, inner, o); return o; });
        double scale = Math.sqrt(mid);   // the sum of mid N(0,1) terms: rounding grows like sqrt(mid)
        assertClose("sumMiddle", e2, a2, 1e-5 * scale, 1e-5);
    }

    // ---------------------------------------------------------------- matmul, both routes

    static List<int[]> matmulCases() {
        // m, n, k, transA, transB
        return List.of(new int[] {37, 19, 53, 0, 0}, new int[] {37, 19, 53, 1, 0}, new int[] {37, 19, 53, 0, 1},
                new int[] {37, 19, 53, 1, 1}, new int[] {1, 10, 720, 0, 1}, new int[] {128, 10, 256, 0, 1},
                new int[] {64, 128, 1, 1, 0},
                // gemm_f32's 64x64 tiles: several in each direction, partial at the edges, K not a multiple of 16
                new int[] {130, 67, 35, 0, 0}, new int[] {130, 67, 35, 1, 0}, new int[] {130, 67, 35, 0, 1},
                new int[] {130, 67, 35, 1, 1}, new int[] {1, 1, 1, 0, 0}, new int[] {65, 129, 17, 1, 1});
    }

    @ParameterizedTest
    @MethodSource("matmulCases")
    void matmul(int[] c) {
        int m = c[0], n = c[1], k = c[2];
        boolean ta = c[3] == 1, tb = c[4] == 1;
        float[] a = randn(rng, m * k), bm = randn(rng, k * n);
        float[] expected = run(cpu, b -> { Storage o = b.allocate((long) m * n, true); b.matmul(b.upload(a), ta, b.upload(bm), tb, o, m, n, k); return o; });
        float[] actual = run(gpu, b -> { Storage o = b.allocate((long) m * n, true); b.matmul(b.upload(a), ta, b.upload(bm), tb, o, m, n, k); return o; });
        assertClose("matmul via " + gpu.gemmRoute(), expected, actual, 1e-4 * Math.sqrt(k), 1e-4);
        Storage o = gpu.allocate((long) m * n, true);
        gpu.matmulWithKernel(gpu.upload(a), ta, gpu.upload(bm), tb, o, m, n, k);
        assertClose("matmul via gemm_f32", expected, gpu.download(o), 1e-4 * Math.sqrt(k), 1e-4);
    }

    // ---------------------------------------------------------------- convolutions

    static List<ConvGeometry> convolutions() {
        return List.of(
                new ConvGeometry(2, 3, 9, 11, 5, 3, 3, 1, 1, 1),       // groups 1, odd sizes
                new ConvGeometry(3, 8, 7, 7, 6, 3, 3, 2, 1, 2),        // groups 2, stride 2
                new ConvGeometry(2, 32, 6, 5, 48, 1, 1, 1, 0, 16),     // groups 16, pointwise
                new ConvGeometry(2, 32, 9, 9, 32, 3, 3, 2, 1, 16),     // groups 16, 3x3 stride 2
                new ConvGeometry(3, 24, 10, 9, 24, 3, 3, 1, 1, 24),    // depthwise
                new ConvGeometry(2, 20, 11, 11, 20, 3, 3, 2, 1, 20),   // depthwise stride 2
                new ConvGeometry(2, 16, 8, 8, 32, 1, 1, 2, 0, 2),      // strided 1x1 shortcut
                new ConvGeometry(1, 3, 13, 13, 7, 5, 5, 1, 2, 1));     // 5x5
    }

    @ParameterizedTest
    @MethodSource("convolutions")
    void convolutionForwardAndBothBackwards(ConvGeometry g) {
        float[] x = randn(rng, g.batch() * g.inChannels() * g.height() * g.width());
        float[] w = randn(rng, g.outChannels() * g.inPerGroup() * g.kernelH() * g.kernelW());
        int ySize = g.batch() * g.outChannels() * g.outHeight() * g.outWidth();
        float[] dy = randn(rng, ySize);
        double atol = 1e-4 * Math.sqrt(g.inPerGroup() * g.kernelH() * g.kernelW());
        float[] e1 = run(cpu, b -> { Storage y = b.allocate(ySize, true); b.conv2dForward(g, b.upload(x), b.upload(w), y); return y; });
        float[] a1 = run(gpu, b -> { Storage y = b.allocate(ySize, true); b.conv2dForward(g, b.upload(x), b.upload(w), y); return y; });
        assertClose("conv forward " + g, e1, a1, atol, 1e-4);
        float[] e2 = run(cpu, b -> { Storage d = b.allocate(x.length, true); b.conv2dBackwardData(g, b.upload(dy), b.upload(w), d); return d; });
        float[] a2 = run(gpu, b -> { Storage d = b.allocate(x.length, true); b.conv2dBackwardData(g, b.upload(dy), b.upload(w), d); return d; });
        assertClose("conv backward-data " + g, e2, a2, 1e-4 * Math.sqrt(g.outPerGroup() * g.kernelH() * g.kernelW()), 1e-4);
        float[] e3 = run(cpu, b -> { Storage d = b.allocate(w.length, true); b.conv2dBackwardFilter(g, b.upload(x), b.upload(dy), d); return d; });
        float[] a3 = run(gpu, b -> { Storage d = b.allocate(w.length, true); b.conv2dBackwardFilter(g, b.upload(x), b.upload(dy), d); return d; });
        assertClose("conv backward-filter " + g, e3, a3,
                1e-4 * Math.sqrt(g.batch() * g.outHeight() * g.outWidth()), 1e-4);
    }

    // ---------------------------------------------------------------- batch norm

    @ParameterizedTest
    @ValueSource(ints = {1, 49, 64})
    void batchNormTrainInferBackward(int hw) {
        int n = 5, c = 7, size = n * c * hw;
        float[] x = randn(rng, size), dy = randn(rng, size), gamma = randn(rng, c), beta = randn(rng, c);
        for (int i = 0; i < size; i++) x[i] = 3 * x[i] + 1;   // mean and variance away from 0 and 1
        float[] rm = randn(rng, c), rv = new float[c];
        for (int i = 0; i < c; i++) rv[i] = 0.5f + rng.nextFloat();
        float[][] expected = batchNorm(cpu, x, dy, gamma, beta, rm, rv, n, c, hw);
        float[][] actual = batchNorm(gpu, x, dy, gamma, beta, rm, rv, n, c, hw);
        String[] names = {"out", "saveMean", "saveInvStd", "runningMean", "runningVar", "dx", "dgamma", "dbeta", "infer"};
        for (int i = 0; i < names.length; i++) {
            assertClose("batch norm " + names[i] + " hw=" + hw, expected[i], actual[i], 1e-4, 1e-4);
        }
    }

    private static float[][] batchNorm(Backend b, float[] x, float[] dy, float[] gamma, float[] beta, float[] rm,
                                       float[] rv, int n, int c, int hw) {
        Storage sx = b.upload(x), sg = b.upload(gamma), sb = b.upload(beta), srm = b.upload(rm), srv = b.upload(rv);
        Storage out = b.allocate(x.length, true), mean = b.allocate(c, true), inv = b.allocate(c, true);
        b.batchNormTrain(sx, sg, sb, n, c, hw, 1e-5f, 0.1f, srm, srv, out, mean, inv);
        Storage dx = b.allocate(x.length, true), dg = b.allocate(c, true), db = b.allocate(c, true);
        b.batchNormBackward(sx, b.upload(dy), sg, mean, inv, n, c, hw, dx, dg, db);
        Storage infer = b.allocate(x.length, true);
        b.batchNormInfer(sx, sg, sb, srm, srv, n, c, hw, 1e-5f, infer);
        return new float[][] {b.download(out), b.download(mean), b.download(inv), b.download(srm), b.download(srv),
                b.download(dx), b.download(dg), b.download(db), b.download(infer)};
    }

    // ---------------------------------------------------------------- pooling, softmax

    @ParameterizedTest
    @ValueSource(ints = {1, 49, 64, 300})
    void globalAvgPool(int hw) {
        int nc = 37;
        float[] x = randn(rng, nc * hw), dy = randn(rng, nc);
        float[] e1 = run(cpu, b -> { Storage o = b.allocate(nc, true); b.globalAvgPool(b.upload(x), nc, hw, o); return o; });
        float[] a1 = run(gpu, b -> { Storage o = b.allocate(nc, true); b.globalAvgPool(b.upload(x), nc, hw, o); return o; });
        assertClose("global avg pool", e1, a1, 1e-5, 1e-5);
        float[] e2 = run(cpu, b -> { Storage o = b.allocate((long) nc * hw, true); b.globalAvgPoolBackward(b.upload(dy), nc, hw, o); return o; });
        float[] a2 = run(gpu, b -> { Storage o = b.allocate((long) nc * hw, true); b.globalAvgPoolBackward(b.upload(dy), nc, hw, o); return o; });
        assertClose("global avg pool backward", e2, a2, 1e-6, 1e-6);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 100, 1000})
    void softmaxAndLogSoftmaxForwardBackwardAndInPlace(int cols) {
        int rows = 33;
        float[] x = randn(rng, rows * cols), dy = randn(rng, rows * cols);
        for (int i = 0; i < x.length; i++) x[i] *= 4;
        for (boolean log : new boolean[] {false, true}) {
            float[] e1 = run(cpu, b -> { Storage o = b.allocate(x.length, true); b.softmax(b.upload(x), rows, cols, log, o); return o; });
            float[] a1 = run(gpu, b -> { Storage o = b.allocate(x.length, true); b.softmax(b.upload(x), rows, cols, log, o); return o; });
            assertClose((log ? "log-" : "") + "softmax", e1, a1, 1e-6, 1e-5);
            float[] inPlace = run(gpu, b -> { Storage o = b.upload(x); b.softmax(o, rows, cols, log, o); return o; });
            assertClose((log ? "log-" : "") + "softmax in place", e1, inPlace, 1e-6, 1e-5);
            float[] e2 = run(cpu, b -> { Storage o = b.allocate(x.length, true); b.softmaxBackward(b.upload(e1), b.upload(dy), rows, cols, log, o); return o; });
            float[] a2 = run(gpu, b -> { Storage o = b.allocate(x.length, true); b.softmaxBackward(b.upload(e1), b.upload(dy), rows, cols, log, o); return o; });
            assertClose((log ? "log-" : "") + "softmax backward", e2, a2, 1e-5 * Math.sqrt(cols), 1e-5);
        }
    }

    // ---------------------------------------------------------------- channels, replication, SGD

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void copyChannels(boolean accumulate) {
        int n = 3, hw = 13, srcC = 9, dstC = 11;
        float[] src = randn(rng, n * srcC * hw), dst = randn(rng, n * dstC * hw);
        float[] expected = run(cpu, b -> { Storage d = b.upload(dst); b.copyChannels(b.upload(src), srcC, 2, d, dstC, 5, 6, n, hw, accumulate); return d; });
        float[] actual = run(gpu, b -> { Storage d = b.upload(dst); b.copyChannels(b.upload(src), srcC, 2, d, dstC, 5, 6, n, hw, accumulate); return d; });
        assertClose("copyChannels accumulate=" + accumulate, expected, actual, 0, 0);
    }

    @Test
    void gatherRowsInOneLaunch() {
        int n = 70, rowSize = 3 * 7 * 7;   // a batch of 70 (N, 3, 7, 7), shrunk to the rows that continue
        float[] x = randn(rng, n * rowSize);
        int[] keep = {69, 0, 1, 2, 3, 40, 40, 17, 68};   // runs, a repeat, any order
        float[] expected = new float[keep.length * rowSize];
        for (int r = 0; r < keep.length; r++) System.arraycopy(x, keep[r] * rowSize, expected, r * rowSize, rowSize);
        Storage out = gpu.allocate(expected.length, true);
        gpu.gatherRows(gpu.upload(x), keep, rowSize, out);
        assertClose("gatherRows", expected, gpu.download(out), 0, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:0,0", "2:0,0,1,1", "16:split", "3:2,0,2,2,0,2,2,2", "1:0,0,0,0,0,0,0", "4:3,1,1,3,3"})
    void gatherGroupsForwardAndBackward(String spec) {
        int groups = Integer.parseInt(spec.substring(0, spec.indexOf(':')));
        String list = spec.substring(spec.indexOf(':') + 1);
        int[] index = list.equals("split") ? java.util.stream.IntStream.range(0, 2 * groups).map(i -> i / 2).toArray()
                : java.util.Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
        int n = 3, cg = 5, hw = 7 * 7;
        float[] x = randn(rng, n * groups * cg * hw), dy = randn(rng, n * index.length * cg * hw);
        float[] e1 = run(cpu, b -> { Storage o = b.allocate(dy.length, true); b.gatherGroups(b.upload(x), n, groups, cg, hw, index, o); return o; });
        float[] a1 = run(gpu, b -> { Storage o = b.allocate(dy.length, true); b.gatherGroups(b.upload(x), n, groups, cg, hw, index, o); return o; });
        assertClose("gather groups " + spec, e1, a1, 0, 0);
        float[] e2 = run(cpu, b -> { Storage o = b.allocate(x.length, true); b.gatherGroupsBackward(b.upload(dy), n, groups, cg, hw, index, o); return o; });
        float[] a2 = run(gpu, b -> { Storage o = b.allocate(x.length, true); b.gatherGroupsBackward(b.upload(dy), n, groups, cg, hw, index, o); return o; });
        assertClose("gather backward " + spec, e2, a2, 0, 0);   // the same order of additions: the same bits
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void sgdUpdate(boolean nesterov) {
        int n = 5003;
        float[] p = randn(rng, n), g = randn(rng, n), v = randn(rng, n);
        float[][] expected = sgd(cpu, p, g, v, nesterov), actual = sgd(gpu, p, g, v, nesterov);
        assertClose("sgd param", expected[0], actual[0], 1e-6, 1e-6);
        assertClose("sgd velocity", expected[1], actual[1], 1e-6, 1e-6);
    }

    private static float[][] sgd(Backend b, float[] p, float[] g, float[] v, boolean nesterov) {
        Storage sp = b.upload(p), sv = b.upload(v);
        b.sgdUpdate(sp, b.upload(g), sv, 0.05f, 0.9f, 5e-4f, nesterov);
        b.sgdUpdate(sp, b.upload(g), sv, 0.05f, 0.9f, 5e-4f, nesterov);   // twice: velocity carries over
        return new float[][] {b.download(sp), b.download(sv)};
    }
}
