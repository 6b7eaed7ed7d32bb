package dev.hne.engine.backend.cuda;

import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.backend.Storage;
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
        Storage zeros = b.allocate(3);
        result("allocate", b.download(zeros));
        b.fill(zeros, 2.5f);
        result("fill", b.download(zeros));
        Storage scaled = b.allocate(6);
        b.scale(x, -0.5f, scaled);
        result("scale", b.download(scaled));
        // 2 images, 2 groups of (1 channel x 3 pixels)... x holds 1 image of 2 groups of 3.
        Storage replicated = b.allocate(12);
        b.replicateGroups(x, 1, 2, 1, 3, replicated);
        result("replicate", b.download(replicated));

        // Row-major matmul through cublasSgemm: A(2,3), B(3,2); and with both transposed.
        Storage a = b.upload(new float[] {1, 2, 3, 4, 5, 6});
        Storage bm = b.upload(new float[] {7, 8, 9, 10, 11, 12});
        Storage c = b.allocate(4);
        b.matmul(a, false, bm, false, c, 2, 2, 3);
        result("matmul", b.download(c));
        Storage c9 = b.allocate(9);
        b.matmul(a, true, bm, true, c9, 3, 3, 2);   // A stored (2,3) -> A^T (3,2); B stored (3,2) -> B^T (2,3)
        result("matmulTT", b.download(c9));

        // Convolution: grouped, twice with the same shape (one cudnnFind), then the backward passes.
        ConvGeometry g = new ConvGeometry(2, 4, 5, 5, 6, 3, 3, 2, 1, 2);
        Storage cx = b.allocate(2 * 4 * 5 * 5), cw = b.allocate(6 * 2 * 3 * 3), cy = b.allocate(2 * 6 * 3 * 3);
        b.conv2dForward(g, cx, cw, cy);
        b.conv2dForward(g, cx, cw, cy);
        b.conv2dBackwardData(g, cy, cw, cx);
        b.conv2dBackwardFilter(g, cx, cy, cw);

        Storage ch = b.allocate(3);
        Storage bnx = b.allocate(2 * 3 * 4);
        b.batchNormTrain(bnx, ch, ch, 2, 3, 4, 1e-5f, 0.1f, ch, ch, bnx, ch, ch);
        b.batchNormInfer(bnx, ch, ch, ch, ch, 2, 3, 4, 1e-5f, bnx);
        b.batchNormBackward(bnx, bnx, ch, ch, ch, 2, 3, 4, bnx, ch, ch);

        try {
            ConvGeometry bad = new ConvGeometry(1, 7, 3, 3, 7, 1, 1, 1, 0, 7);
            b.conv2dForward(bad, b.allocate(63), b.allocate(7), b.allocate(63));
            System.out.println("ERROR none");
        } catch (RuntimeException e) {
            System.out.println("ERROR " + e.getMessage());
        }
        launchEveryKernel(b);
        System.out.println("DONE");
    }

    /**
     * One call of every op that launches a custom kernel: each launch is checked against the
     * parameter types its PTX declares (CudaKernels.checkSignature), so a wrong argument list fails here.
     */
    private static void launchEveryKernel(CudaBackend b) {
        Storage x = b.allocate(24), y = b.allocate(24), z = b.allocate(48), v = b.allocate(6);
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
        b.replicateGroupsBackward(z, 2, 2, 3, 2, x);
        b.sgdUpdate(x, y, y, 0.1f, 0.9f, 1e-4f, true);
        b.matmulWithKernel(x, false, y, true, z, 4, 4, 6);
        System.out.println("LAUNCHES every kernel launched with the PTX's parameter types");
    }

    private static void result(String name, float[] values) {
        System.out.println("RESULT " + name + " " + Arrays.toString(values));
    }
}
