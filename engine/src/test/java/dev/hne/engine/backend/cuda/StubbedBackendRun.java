package dev.hne.engine.backend.cuda;

import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.backend.Storage;
import dev.hne.engine.backend.cpu.CpuBackend;
import java.util.Arrays;

/**
 * The child-JVM side of {@link CudaStubJniTest}: starts the real CudaBackend against the stub
 * libcuda/libcublas/libcudnn (found through LD_LIBRARY_PATH) and drives one call through every kind
 * of binding. Prints "RESULT name values" lines for the parent to check; any exception fails the run.
 */
public final class StubbedBackendRun {

    public static void main(String[] args) {
        CudaBackend b = CudaBackend.get();
        for (LibraryCheck c : b.libraries()) {
            System.out.println("LIBRARY " + c.describe());
        }
        System.out.println("ROUTE " + b.gemmRoute());
        System.out.println("DEVICE " + b.deviceDescription());

        Storage x = b.upload(new float[] {1, 2, 3, 4, 5, 6});
        result("upload", b.download(x));
        Storage zeros = b.allocate(3, true);
        result("allocate", b.download(zeros));
        b.fill(zeros, 2.5f);
        result("fill", b.download(zeros));
        Storage scaled = b.allocate(6, true);
        b.scale(x, -0.5f, scaled);
        result("scale", b.download(scaled));
        // 2 images, 2 groups of (1 channel x 3 pixels)... x holds 1 image of 2 groups of 3.
        Storage replicated = b.allocate(12, true);
        b.gatherGroups(x, 1, 2, 1, 3, new int[] {0, 0, 1, 1}, replicated);
        result("replicate", b.download(replicated));

        // Row-major matmul through cublasSgemm: A(2,3), B(3,2); and with both transposed.
        Storage a = b.upload(new float[] {1, 2, 3, 4, 5, 6});
        Storage bm = b.upload(new float[] {7, 8, 9, 10, 11, 12});
        Storage c = b.allocate(4, true);
        b.matmul(a, false, bm, false, c, 2, 2, 3);
        result("matmul", b.download(c));
        Storage c9 = b.allocate(9, true);
        b.matmul(a, true, bm, true, c9, 3, 3, 2);   // A stored (2,3) -> A^T (3,2); B stored (3,2) -> B^T (2,3)
        result("matmulTT", b.download(c9));

        // Convolution: grouped, twice with the same shape (one cudnnFind), then the backward passes.
        ConvGeometry g = new ConvGeometry(2, 4, 5, 5, 6, 3, 3, 2, 1, 2);
        Storage cx = b.allocate(2 * 4 * 5 * 5, true), cw = b.allocate(6 * 2 * 3 * 3, true), cy = b.allocate(2 * 6 * 3 * 3, true);
        b.conv2dForward(g, cx, cw, cy);
        b.conv2dForward(g, cx, cw, cy);
        b.conv2dBackwardData(g, cy, cw, cx);
        b.conv2dBackwardFilter(g, cx, cy, cw);
        // The batch shrinking as in adaptive evaluation: batches 3 and 5 of the same convolution run
        // without a new cudnnFind; at batch 3 the stub's first-ranked algorithm is unsupported, so the
        // next one must run.
        for (int batch : new int[] {3, 5}) {
            ConvGeometry shrunk = new ConvGeometry(batch, 4, 5, 5, 6, 3, 3, 2, 1, 2);
            b.conv2dForward(shrunk, b.allocate(batch * 4 * 5 * 5, true), cw, b.allocate(batch * 6 * 3 * 3, true));
        }

        Storage ch = b.allocate(3, true);
        Storage bnx = b.allocate(2 * 3 * 4, true);
        b.batchNormTrain(bnx, ch, ch, 2, 3, 4, 1e-5f, 0.1f, ch, ch, bnx, ch, ch);
        b.batchNormInfer(bnx, ch, ch, ch, ch, 2, 3, 4, 1e-5f, bnx);
        b.batchNormBackward(bnx, bnx, ch, ch, ch, 2, 3, 4, bnx, ch, ch);

        try {
            ConvGeometry bad = new ConvGeometry(1, 7, 3, 3, 7, 1, 1, 1, 0, 7);
            b.conv2dForward(bad, b.allocate(63, true), b.allocate(7, true), b.allocate(63, true));
            System.out.println("ERROR none");
        } catch (RuntimeException e) {
            System.out.println("ERROR " + e.getMessage());
        }
        launchEveryKernel(b);
        if (!java.util.Arrays.asList(args).contains("--no-parity")) {
            kernelParity(b);
            StubbedTrainingRun.run(b);
        }
        System.out.println("DONE");
    }

    /**
     * One call of every op that launches a custom kernel: each launch is checked against the
     * parameter types its PTX declares (CudaKernels.checkSignature), so a wrong argument list fails here.
     */
    private static void launchEveryKernel(CudaBackend b) {
        Storage x = b.allocate(24, true), y = b.allocate(24, true), z = b.allocate(48, true), v = b.allocate(6, true);
        for (dev.hne.engine.backend.UnaryOp op : dev.hne.engine.backend.UnaryOp.values()) b.unary(op, x, y);
        for (dev.hne.engine.backend.BinaryOp op : dev.hne.engine.backend.BinaryOp.values()) b.binary(op, x, y, y);
        b.addRelu(x, y, y);
        b.axpy(2f, x, y);
        b.addBias(x, v, 4, 6, 1, y);
        b.sumMiddle(x, 4, 6, 1, v);
        b.globalAvgPool(x, 6, 4, v);
        b.globalAvgPoolBackward(v, 6, 4, x);
        b.softmax(x, 4, 6, true, y);
        b.softmaxBackward(y, x, 4, 6, false, x);
        b.copyChannels(x, 6, 1, z, 12, 3, 4, 1, 4, true);
        b.gatherGroupsBackward(z, 2, 2, 3, 2, new int[] {0, 0, 1, 1}, x);
        b.gatherRows(x, new int[] {3, 0}, 6, y);
        b.sgdUpdate(x, y, y, 0.1f, 0.9f, 1e-4f, true);
        b.matmulWithKernel(x, false, y, true, z, 4, 4, 6);
        System.out.println("LAUNCHES every kernel launched with the PTX's parameter types");
    }

    /**
     * The custom kernels (run on the host by the stub, from their .cu sources) against CpuBackend:
     * "PARITY name max|diff| ok" or "... MISMATCH". Sizes span several blocks and fill none evenly.
     */
    private static void kernelParity(CudaBackend gpu) {
        java.util.Random rng = new java.util.Random(3);
        float[] a = randn(rng, 3001), c = randn(rng, 3001);
        for (int i = 0; i < c.length; i++) c[i] *= 5;
        float[] pos = new float[a.length];
        for (int i = 0; i < a.length; i++) pos[i] = Math.abs(a[i]) + 1e-3f;
        for (dev.hne.engine.backend.UnaryOp op : dev.hne.engine.backend.UnaryOp.values()) {
            float[] in = op == dev.hne.engine.backend.UnaryOp.LOG ? pos : c;
            parity("unary " + op, gpu, 1e-5, be -> { Storage o = be.allocate(in.length, true); be.unary(op, be.upload(in), o); return o; });
        }
        for (dev.hne.engine.backend.BinaryOp op : dev.hne.engine.backend.BinaryOp.values()) {
            parity("binary " + op, gpu, 0, be -> { Storage o = be.allocate(a.length, true); be.binary(op, be.upload(a), be.upload(c), o); return o; });
        }
        parity("scale", gpu, 1e-6, be -> { Storage o = be.allocate(a.length, true); be.scale(be.upload(a), -0.37f, o); return o; });
        parity("axpy", gpu, 1e-6, be -> { Storage y = be.upload(c); be.axpy(1.7f, be.upload(a), y); return y; });
        parity("fill", gpu, 0, be -> { Storage y = be.allocate(a.length, true); be.fill(y, 0.625f); return y; });
        float[] bias = randn(rng, 7);
        parity("addBias", gpu, 0, be -> { Storage o = be.allocate(3 * 7 * 11, true); be.addBias(be.upload(java.util.Arrays.copyOf(a, 231)), be.upload(bias), 3, 7, 11, o); return o; });
        parity("sumMiddle (3,7,11)", gpu, 1e-5, be -> { Storage o = be.allocate(33, true); be.sumMiddle(be.upload(java.util.Arrays.copyOf(a, 231)), 3, 7, 11, o); return o; });
        parity("sumMiddle total", gpu, 1e-4, be -> { Storage o = be.allocate(1, true); be.sumMiddle(be.upload(a), 1, a.length, 1, o); return o; });
        parity("globalAvgPool", gpu, 1e-6, be -> { Storage o = be.allocate(37, true); be.globalAvgPool(be.upload(java.util.Arrays.copyOf(a, 37 * 49)), 37, 49, o); return o; });
        parity("globalAvgPoolBackward", gpu, 1e-7, be -> { Storage o = be.allocate(37 * 49, true); be.globalAvgPoolBackward(be.upload(java.util.Arrays.copyOf(a, 37)), 37, 49, o); return o; });
        for (boolean log : new boolean[] {false, true}) {
            for (int cols : new int[] {10, 300}) {
                int rows = 9;
                float[] x = java.util.Arrays.copyOf(c, rows * cols), d = java.util.Arrays.copyOf(a, rows * cols);
                parity((log ? "log-" : "") + "softmax " + cols, gpu, 1e-6, be -> { Storage o = be.upload(x); be.softmax(o, rows, cols, log, o); return o; });
                float[] y = CpuBackend.INSTANCE.download(softmaxOnCpu(x, rows, cols, log));
                parity((log ? "log-" : "") + "softmaxBackward " + cols, gpu, 1e-5, be -> { Storage o = be.allocate(x.length, true); be.softmaxBackward(be.upload(y), be.upload(d), rows, cols, log, o); return o; });
            }
        }
        for (boolean acc : new boolean[] {false, true}) {
            parity("copyChannels accumulate=" + acc, gpu, 0, be -> { Storage dst = be.upload(java.util.Arrays.copyOf(c, 3 * 11 * 13)); be.copyChannels(be.upload(java.util.Arrays.copyOf(a, 3 * 9 * 13)), 9, 2, dst, 11, 5, 6, 3, 13, acc); return dst; });
        }
        int[] keep = {5, 0, 1, 2, 9, 9, 4};   // runs, a repeat, any order: the shrinking batch of adaptive evaluation
        float[] rowsOf37 = java.util.Arrays.copyOf(a, 10 * 37);
        parity("gatherRows", gpu, 0, be -> {
            Storage o = be.allocate(keep.length * 37, true);
            if (be == gpu) gpu.gatherRows(be.upload(rowsOf37), keep, 37, o);
            else for (int r = 0; r < keep.length; r++) be.copyChannels(be.upload(rowsOf37), 10, keep[r], o, keep.length, r, 1, 1, 37, false);
            return o;
        });
        // the whole split of 1, 2 and 16 branches; and repeats of 3, 5, 6, 7 and 12 and groups left out,
        // where the kernel's stack and GroupSums's recursion must add in the same order (tolerance 0)
        int[][] indices = {{0, 0}, {0, 0, 1, 1}, java.util.stream.IntStream.range(0, 32).map(i -> i / 2).toArray(),
                {2, 0, 2, 2, 0, 2, 2, 2}, {0, 0, 0, 0, 0, 0, 0}, {3, 1, 1, 3, 3}, {1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}};
        for (int[] index : indices) {
            int groups = java.util.Arrays.stream(index).max().getAsInt() + 1;
            float[] x = java.util.Arrays.copyOf(a, 2 * groups * 3 * 5), dy = java.util.Arrays.copyOf(c, 2 * index.length * 3 * 5);
            String name = java.util.Arrays.toString(index);
            parity("gatherGroups " + name, gpu, 0, be -> { Storage o = be.allocate(dy.length, true); be.gatherGroups(be.upload(x), 2, groups, 3, 5, index, o); return o; });
            parity("gatherGroupsBackward " + name, gpu, 0, be -> { Storage o = be.allocate(x.length, true); be.gatherGroupsBackward(be.upload(dy), 2, groups, 3, 5, index, o); return o; });
        }
        for (boolean nesterov : new boolean[] {false, true}) {
            parity("sgdUpdate nesterov=" + nesterov, gpu, 1e-6, be -> { Storage p = be.upload(a), v = be.upload(c); be.sgdUpdate(p, be.upload(pos), v, 0.05f, 0.9f, 5e-4f, nesterov); be.sgdUpdate(p, be.upload(pos), v, 0.05f, 0.9f, 5e-4f, nesterov); be.axpy(1f, v, p); return p; });
        }
        // One partial tile (21x19, K not a multiple of 16), and 2x2 tiles of 64 with partial edges.
        for (int[] shape : new int[][] {{21, 19, 53}, {70, 67, 35}})
        for (int t = 0; t < 4; t++) {
            int m = shape[0], n = shape[1], k = shape[2];
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            float[] ma = java.util.Arrays.copyOf(a, m * k), mb = java.util.Arrays.copyOf(c, k * n);
            parity("gemm kernel " + m + "x" + n + "x" + k + " transA=" + ta + " transB=" + tb, gpu, 1e-3, be -> {
                Storage o = be.allocate(m * n, true);
                if (be == gpu) gpu.matmulWithKernel(be.upload(ma), ta, be.upload(mb), tb, o, m, n, k);
                else be.matmul(be.upload(ma), ta, be.upload(mb), tb, o, m, n, k);
                return o;
            });
        }
    }

    private static Storage softmaxOnCpu(float[] x, int rows, int cols, boolean log) {
        Storage o = CpuBackend.INSTANCE.allocate(x.length, true);
        CpuBackend.INSTANCE.softmax(CpuBackend.INSTANCE.upload(x), rows, cols, log, o);
        return o;
    }

    private static void parity(String what, CudaBackend gpu, double rtol,
                               java.util.function.Function<dev.hne.engine.backend.Backend, Storage> op) {
        float[] expected = CpuBackend.INSTANCE.download(op.apply(CpuBackend.INSTANCE));
        float[] actual = gpu.download(op.apply(gpu));
        double worst = 0;
        boolean ok = expected.length == actual.length;
        for (int i = 0; ok && i < expected.length; i++) {
            double diff = Math.abs((double) expected[i] - actual[i]);
            worst = Math.max(worst, diff);
            ok = diff <= rtol * (1 + Math.abs(expected[i]));
        }
        System.out.printf(java.util.Locale.ROOT, "PARITY %s max|diff| %.2e %s%n", what, worst, ok ? "ok" : "MISMATCH");
    }

    private static float[] randn(java.util.Random rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) rng.nextGaussian();
        return v;
    }

    private static void result(String name, float[] values) {
        System.out.println("RESULT " + name + " " + Arrays.toString(values));
    }
}
