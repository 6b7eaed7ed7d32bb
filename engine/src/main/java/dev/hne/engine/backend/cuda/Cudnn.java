package dev.hne.engine.backend.cuda;

import static jcuda.jcudnn.JCudnn.*;

import dev.hne.engine.backend.ConvGeometry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.jcudnn.cudnnBatchNormMode;
import jcuda.jcudnn.cudnnConvolutionBwdDataAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionBwdFilterAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionDescriptor;
import jcuda.jcudnn.cudnnConvolutionFwdAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionMode;
import jcuda.jcudnn.cudnnDataType;
import jcuda.jcudnn.cudnnFilterDescriptor;
import jcuda.jcudnn.cudnnHandle;
import jcuda.jcudnn.cudnnMathType;
import jcuda.jcudnn.cudnnTensorDescriptor;
import jcuda.jcudnn.cudnnTensorFormat;

/**
 * Grouped/depthwise convolutions (forward, backward-data, backward-filter) and batch norm through
 * cuDNN 9, called through the JCudnn 11.7 Java API (same JNI signatures, see the parent pom).
 *
 * <p>Per convolution shape, the four descriptors are built once and kept; which algorithm runs each
 * (pass, shape) is {@link ConvAlgorithms}' choice (cudnnFind* once per convolution for all batch
 * sizes, checked on the real descriptor, falling through to the next candidate). One workspace
 * buffer serves every call and grows when an algorithm needs more. The math type is set on the descriptor ourselves (JCudnn does not copy it out of the
 * perf results): FMA, i.e. true float32, unless {@code -Dhne.cuda.tf32=true} allows TF32 tensor cores.
 *
 * <p>cuDNN 9 renumbered its status codes, so the 11.7 Java enum names them wrong; {@link #call}
 * reports every failure with cuDNN's own cudnnGetErrorString.
 */
final class Cudnn {

    static final boolean TF32 = dev.hne.engine.RuntimeOptions.current().cudaTf32();
    /** Algorithms that need more workspace than this are skipped. */
    static final long WORKSPACE_LIMIT = dev.hne.engine.RuntimeOptions.current().cudaWorkspaceMiB() << 20;

    /** cuDNN uses the saved mean and 1/std in the backward; epsilon only matters when they are absent. */
    private static final double SAVED_EPSILON = 1e-5;
    private static final Pointer ONE = Pointer.to(new float[] {1f});
    private static final Pointer ZERO = Pointer.to(new float[] {0f});

    final cudnnHandle handle = new cudnnHandle();
    private final CudaBackend backend;
    private final Map<ConvGeometry, ConvDescriptors> convDescriptors = new HashMap<>();
    private final ConvAlgorithms algorithms = new ConvAlgorithms(WORKSPACE_LIMIT, this::freeCachedMemory,
            status -> cudnnGetErrorString(status));
    private final Map<BatchNormShape, BatchNormDescriptors> bnDescriptors = new HashMap<>();
    private CudaStorage workspace;

    private record BatchNormShape(int n, int c, int hw) {}

    /** The descriptors of one convolution, made once and reused. */
    private static final class ConvDescriptors {
        final cudnnTensorDescriptor x = new cudnnTensorDescriptor();
        final cudnnFilterDescriptor w = new cudnnFilterDescriptor();
        final cudnnTensorDescriptor y = new cudnnTensorDescriptor();
        final cudnnConvolutionDescriptor conv = new cudnnConvolutionDescriptor();

        ConvDescriptors(ConvDescriptorValues v) {
            call("create descriptors", () -> cudnnCreateTensorDescriptor(x));
            call("create descriptors", () -> cudnnCreateTensorDescriptor(y));
            call("create descriptors", () -> cudnnCreateFilterDescriptor(w));
            call("create descriptors", () -> cudnnCreateConvolutionDescriptor(conv));
            call("set x descriptor", () -> cudnnSetTensor4dDescriptor(x, cudnnTensorFormat.CUDNN_TENSOR_NCHW,
                    cudnnDataType.CUDNN_DATA_FLOAT, v.x()[0], v.x()[1], v.x()[2], v.x()[3]));
            call("set filter descriptor", () -> cudnnSetFilter4dDescriptor(w, cudnnDataType.CUDNN_DATA_FLOAT,
                    cudnnTensorFormat.CUDNN_TENSOR_NCHW, v.filter()[0], v.filter()[1], v.filter()[2], v.filter()[3]));
            call("set y descriptor", () -> cudnnSetTensor4dDescriptor(y, cudnnTensorFormat.CUDNN_TENSOR_NCHW,
                    cudnnDataType.CUDNN_DATA_FLOAT, v.y()[0], v.y()[1], v.y()[2], v.y()[3]));
            call("set convolution descriptor", () -> cudnnSetConvolution2dDescriptor(conv, v.padH(), v.padW(),
                    v.strideH(), v.strideW(), 1, 1, cudnnConvolutionMode.CUDNN_CROSS_CORRELATION,
                    cudnnDataType.CUDNN_DATA_FLOAT));
            call("set group count", () -> cudnnSetConvolutionGroupCount(conv, v.groups()));
            call("set math type", () -> cudnnSetConvolutionMathType(conv,
                    TF32 ? cudnnMathType.CUDNN_DEFAULT_MATH : cudnnMathType.CUDNN_FMA_MATH));
        }
    }

    /** x/y as (N, C, HW, 1) and the per-channel parameters as (1, C, 1, 1). */
    private static final class BatchNormDescriptors {
        final cudnnTensorDescriptor data = new cudnnTensorDescriptor();
        final cudnnTensorDescriptor channel = new cudnnTensorDescriptor();

        BatchNormDescriptors(int n, int c, int hw) {
            call("create descriptors", () -> cudnnCreateTensorDescriptor(data));
            call("create descriptors", () -> cudnnCreateTensorDescriptor(channel));
            call("set batch norm data descriptor", () -> cudnnSetTensor4dDescriptor(data,
                    cudnnTensorFormat.CUDNN_TENSOR_NCHW, cudnnDataType.CUDNN_DATA_FLOAT, n, c, hw, 1));
            call("set batch norm parameter descriptor", () -> cudnnSetTensor4dDescriptor(channel,
                    cudnnTensorFormat.CUDNN_TENSOR_NCHW, cudnnDataType.CUDNN_DATA_FLOAT, 1, c, 1, 1));
        }
    }

    Cudnn(CudaBackend backend, CudaContext context) {
        this.backend = backend;
        call("cudnnCreate", () -> cudnnCreate(handle));
        call("cudnnSetStream", () -> cudnnSetStream(handle, context.runtimeStream()));
    }

    // ---------------------------------------------------------------- convolution

    void forward(ConvGeometry g, CudaStorage x, CudaStorage w, CudaStorage y) {
        ConvDescriptors d = descriptors(g);
        algorithms.run(new ConvKey(ConvKey.Pass.FORWARD, g, TF32), new ConvAlgorithms.Pass() {
            @Override
            public int find(List<ConvAlgorithms.Candidate> out) {
                int[] count = new int[1];
                call("cudnnGetConvolutionForwardAlgorithmMaxCount", () -> cudnnGetConvolutionForwardAlgorithmMaxCount(handle, count));
                cudnnConvolutionFwdAlgoPerf[] perf = new cudnnConvolutionFwdAlgoPerf[count[0]];
                for (int i = 0; i < perf.length; i++) perf[i] = new cudnnConvolutionFwdAlgoPerf();
                int[] returned = new int[1];
                int status = status(() -> cudnnFindConvolutionForwardAlgorithm(handle, d.x, d.w, d.conv, d.y, perf.length,
                        returned, perf));
                for (int i = 0; status == 0 && i < returned[0]; i++) {
                    out.add(new ConvAlgorithms.Candidate(perf[i].algo, perf[i].status, perf[i].memory));
                }
                return status;
            }

            @Override
            public int workspaceSize(int algo, long[] bytes) {
                return status(() -> cudnnGetConvolutionForwardWorkspaceSize(handle, d.x, d.w, d.conv, d.y, algo, bytes));
            }

            @Override
            public int run(int algo, long workspaceBytes) {
                Pointer ws = workspace(workspaceBytes);
                return status(() -> cudnnConvolutionForward(handle, ONE, d.x, x.pointer(), d.w, w.pointer(), d.conv, algo,
                        ws, workspaceBytes, ZERO, d.y, y.pointer()));
            }
        });
    }

    void backwardData(ConvGeometry g, CudaStorage dy, CudaStorage w, CudaStorage dx) {
        ConvDescriptors d = descriptors(g);
        algorithms.run(new ConvKey(ConvKey.Pass.BACKWARD_DATA, g, TF32), new ConvAlgorithms.Pass() {
            @Override
            public int find(List<ConvAlgorithms.Candidate> out) {
                int[] count = new int[1];
                call("cudnnGetConvolutionBackwardDataAlgorithmMaxCount", () -> cudnnGetConvolutionBackwardDataAlgorithmMaxCount(handle, count));
                cudnnConvolutionBwdDataAlgoPerf[] perf = new cudnnConvolutionBwdDataAlgoPerf[count[0]];
                for (int i = 0; i < perf.length; i++) perf[i] = new cudnnConvolutionBwdDataAlgoPerf();
                int[] returned = new int[1];
                int status = status(() -> cudnnFindConvolutionBackwardDataAlgorithm(handle, d.w, d.y, d.conv, d.x,
                        perf.length, returned, perf));
                for (int i = 0; status == 0 && i < returned[0]; i++) {
                    out.add(new ConvAlgorithms.Candidate(perf[i].algo, perf[i].status, perf[i].memory));
                }
                return status;
            }

            @Override
            public int workspaceSize(int algo, long[] bytes) {
                return status(() -> cudnnGetConvolutionBackwardDataWorkspaceSize(handle, d.w, d.y, d.conv, d.x, algo, bytes));
            }

            @Override
            public int run(int algo, long workspaceBytes) {
                Pointer ws = workspace(workspaceBytes);
                return status(() -> cudnnConvolutionBackwardData(handle, ONE, d.w, w.pointer(), d.y, dy.pointer(), d.conv,
                        algo, ws, workspaceBytes, ZERO, d.x, dx.pointer()));
            }
        });
    }

    void backwardFilter(ConvGeometry g, CudaStorage x, CudaStorage dy, CudaStorage dw) {
        ConvDescriptors d = descriptors(g);
        algorithms.run(new ConvKey(ConvKey.Pass.BACKWARD_FILTER, g, TF32), new ConvAlgorithms.Pass() {
            @Override
            public int find(List<ConvAlgorithms.Candidate> out) {
                int[] count = new int[1];
                call("cudnnGetConvolutionBackwardFilterAlgorithmMaxCount", () -> cudnnGetConvolutionBackwardFilterAlgorithmMaxCount(handle, count));
                cudnnConvolutionBwdFilterAlgoPerf[] perf = new cudnnConvolutionBwdFilterAlgoPerf[count[0]];
                for (int i = 0; i < perf.length; i++) perf[i] = new cudnnConvolutionBwdFilterAlgoPerf();
                int[] returned = new int[1];
                int status = status(() -> cudnnFindConvolutionBackwardFilterAlgorithm(handle, d.x, d.y, d.conv, d.w,
                        perf.length, returned, perf));
                for (int i = 0; status == 0 && i < returned[0]; i++) {
                    out.add(new ConvAlgorithms.Candidate(perf[i].algo, perf[i].status, perf[i].memory));
                }
                return status;
            }

            @Override
            public int workspaceSize(int algo, long[] bytes) {
                return status(() -> cudnnGetConvolutionBackwardFilterWorkspaceSize(handle, d.x, d.y, d.conv, d.w, algo, bytes));
            }

            @Override
            public int run(int algo, long workspaceBytes) {
                Pointer ws = workspace(workspaceBytes);
                return status(() -> cudnnConvolutionBackwardFilter(handle, ONE, d.x, x.pointer(), d.y, dy.pointer(), d.conv,
                        algo, ws, workspaceBytes, ZERO, d.w, dw.pointer()));
            }
        });
    }

    /**
     * Gives the shared workspace and every cached block back to the driver, so that cudnnFind, which
     * allocates its own scratch memory, has room for a second try.
     */
    private void freeCachedMemory() {
        if (workspace != null) {
            workspace.release();
            workspace = null;
        }
        backend.allocator().emptyCache();
    }

    int cachedAlgorithms() {
        return algorithms.size();
    }

    /** How many times cudnnFind ran (once per convolution and pass, whatever the batch sizes). */
    int findCalls() {
        return algorithms.finds();
    }

    private ConvDescriptors descriptors(ConvGeometry g) {
        return convDescriptors.computeIfAbsent(g, k -> new ConvDescriptors(ConvDescriptorValues.of(k)));
    }

    /** The shared workspace, grown (never shrunk) to at least {@code bytes}. */
    private Pointer workspace(long bytes) {
        if (bytes == 0) {
            return null;
        }
        if (workspace == null || workspace.size() * Float.BYTES < bytes) {
            if (workspace != null) {
                workspace.release();   // queued work that reads it runs before any reuse: one stream
                workspace = null;      // (if the larger one cannot be had, nothing points at the old)
            }
            workspace = backend.allocate((bytes + Float.BYTES - 1) / Float.BYTES, false);
        }
        return workspace.pointer();
    }

    // ---------------------------------------------------------------- batch norm (spatial: per channel over N, HW)

    private BatchNormDescriptors bn(int n, int c, int hw) {
        return bnDescriptors.computeIfAbsent(new BatchNormShape(n, c, hw), k -> new BatchNormDescriptors(n, c, hw));
    }

    void batchNormTrain(CudaStorage x, CudaStorage gamma, CudaStorage beta, int n, int c, int hw, float eps,
                        float momentum, CudaStorage runningMean, CudaStorage runningVar, CudaStorage out,
                        CudaStorage saveMean, CudaStorage saveInvStd) {
        BatchNormDescriptors d = bn(n, c, hw);
        // cuDNN's exponentialAverageFactor is PyTorch's momentum; it also keeps the unbiased variance.
        call("cudnnBatchNormalizationForwardTraining", () -> cudnnBatchNormalizationForwardTraining(handle,
                cudnnBatchNormMode.CUDNN_BATCHNORM_SPATIAL, ONE, ZERO, d.data, x.pointer(), d.data, out.pointer(),
                d.channel, gamma.pointer(), beta.pointer(), momentum, runningMean.pointer(), runningVar.pointer(), eps,
                saveMean.pointer(), saveInvStd.pointer()));
    }

    void batchNormInfer(CudaStorage x, CudaStorage gamma, CudaStorage beta, CudaStorage runningMean,
                        CudaStorage runningVar, int n, int c, int hw, float eps, CudaStorage out) {
        BatchNormDescriptors d = bn(n, c, hw);
        call("cudnnBatchNormalizationForwardInference", () -> cudnnBatchNormalizationForwardInference(handle,
                cudnnBatchNormMode.CUDNN_BATCHNORM_SPATIAL, ONE, ZERO, d.data, x.pointer(), d.data, out.pointer(),
                d.channel, gamma.pointer(), beta.pointer(), runningMean.pointer(), runningVar.pointer(), eps));
    }

    void batchNormBackward(CudaStorage x, CudaStorage dy, CudaStorage gamma, CudaStorage saveMean,
                           CudaStorage saveInvStd, int n, int c, int hw, CudaStorage dx, CudaStorage dgamma,
                           CudaStorage dbeta) {
        BatchNormDescriptors d = bn(n, c, hw);
        call("cudnnBatchNormalizationBackward", () -> cudnnBatchNormalizationBackward(handle,
                cudnnBatchNormMode.CUDNN_BATCHNORM_SPATIAL, ONE, ZERO, ONE, ZERO, d.data, x.pointer(), d.data,
                dy.pointer(), d.data, dx.pointer(), d.channel, gamma.pointer(), dgamma.pointer(), dbeta.pointer(), SAVED_EPSILON,
                saveMean.pointer(), saveInvStd.pointer()));
    }

    // ---------------------------------------------------------------- errors

    /**
     * Runs one cuDNN call. JCudnn (exceptions on) throws with the 11.7 enum's name, which for cuDNN 9's
     * renumbered codes reads "INVALID cudnnStatus: 2000"; this re-throws with cudnnGetErrorString.
     */
    static void call(String what, IntSupplier cudnnCall) {
        int status;
        try {
            status = status(cudnnCall);
        } catch (CudaException e) {
            throw new CudaException("cuDNN " + what + ": " + e.getMessage(), e);
        }
        if (status != 0) {
            throw new CudaException("cuDNN " + what + ": " + cudnnGetErrorString(status) + " (status " + status + ")");
        }
    }

    /** Runs one cuDNN call and returns its status, also where JCudnn threw it as an exception. */
    static int status(IntSupplier cudnnCall) {
        try {
            return cudnnCall.getAsInt();
        } catch (CudaException e) {
            Integer parsed = statusIn(e.getMessage());
            if (parsed == null) {
                throw e;
            }
            return parsed;
        }
    }

    /** The status number at the end of JCudnn's "INVALID cudnnStatus: N" message, if there is one. */
    static Integer statusIn(String message) {
        if (message == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("cudnnStatus: (\\d+)").matcher(message);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }
}
