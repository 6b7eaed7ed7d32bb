package dev.hne.engine.backend.cuda;

import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.BinaryOp;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.backend.GroupSums;
import dev.hne.engine.backend.RowGather;
import dev.hne.engine.backend.Storage;
import dev.hne.engine.backend.UnaryOp;
import jcuda.Pointer;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasOperation;

/**
 * The GPU backend: the same primitives as CpuBackend, on one NVIDIA GPU through JCuda.
 *
 * <p>Where each op goes (docs/cuda.md has the full table): convolutions and batch norm to cuDNN
 * ({@link Cudnn}); matmul to cuBLAS, or to the custom GEMM kernel when cuBLAS 12 is missing
 * ({@link GemmRoute}); everything else to the custom kernels in kernels/src/main/cuda
 * ({@link CudaKernels}). All work is queued on one stream of the device's primary context
 * ({@link CudaContext}); only {@link #download} waits for it. Memory comes from a
 * {@link CachingAllocator}.
 *
 * <p>Every method is synchronized: cuBLAS and cuDNN handles must not be used by two threads at
 * once, and the data loader may upload batches from its own threads.
 */
public final class CudaBackend implements Backend, RowGather {

    private static CudaBackend instance;
    private static CudaUnavailableException failure;

    private static final Pointer ONE = Pointer.to(new float[] {1f});
    private static final Pointer ZERO = Pointer.to(new float[] {0f});

    private final CudaContext context;
    private final CachingAllocator allocator;
    private final CudaKernels kernels;
    private final DeviceIndices groupIndices = new DeviceIndices(size -> allocate(size, false));
    private final PinnedStaging staging;
    private final Cudnn cudnn;
    private final cublasHandle cublas;
    private final CudaSetup.Plan plan;
    private final java.util.List<LibraryCheck> checks;

    /**
     * The backend on device 0, created on first use. Throws {@link CudaUnavailableException} (the same
     * one every time) naming what is missing when the machine cannot run it.
     */
    public static synchronized CudaBackend get() {
        if (instance == null && failure == null) {
            try {
                instance = new CudaBackend(0);
                System.err.println(instance.plan.notice());
            } catch (CudaUnavailableException e) {
                failure = e;
            } catch (RuntimeException | LinkageError e) {
                failure = new CudaUnavailableException("CUDA backend failed to start: " + NativeLibraries.reason(e), e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return instance;
    }

    private CudaBackend(int ordinal) {
        LibraryCheck driver = NativeLibraries.driver();
        if (!driver.loaded()) {
            throw new CudaUnavailableException("CUDA backend unavailable: " + driver.describe());
        }
        context = new CudaContext(ordinal);
        long softLimitMiB = dev.hne.engine.RuntimeOptions.current().cudaSoftLimitMiB();
        long softLimit = (softLimitMiB > 0 ? softLimitMiB : context.totalMemory() * 3 / 4 >> 20) << 20;
        allocator = new CachingAllocator(new DriverMemory(context), CudaBackend::collectGarbage, softLimit);
        kernels = new CudaKernels(context);
        staging = new PinnedStaging(context);
        LibraryCheck kernelCheck = NativeLibraries.kernels();
        if (kernelCheck.loaded()) {
            try {
                kernels.loadAll();
            } catch (RuntimeException e) {
                kernelCheck = LibraryCheck.missing("kernels", NativeLibraries.KERNELS,
                        "the driver rejected the PTX: " + NativeLibraries.reason(e));
            }
        }
        LibraryCheck cudnnCheck = NativeLibraries.cudnn();
        Cudnn dnn = null;
        if (cudnnCheck.loaded()) {
            try {
                dnn = new Cudnn(this, context);
            } catch (RuntimeException e) {
                cudnnCheck = LibraryCheck.missing("cuDNN", NativeLibraries.CUDNN_LIBRARY, NativeLibraries.reason(e));
            }
        }
        cudnn = dnn;
        LibraryCheck cublasCheck = NativeLibraries.cublas();
        cublasHandle handle = null;
        if (cublasCheck.loaded()) {
            try {
                handle = new cublasHandle();
                JCublas2.cublasCreate(handle);
                JCublas2.cublasSetStream(handle, context.runtimeStream());
                int[] version = new int[1];
                JCublas2.cublasGetVersion(handle, version);
                cublasCheck = LibraryCheck.ok("cuBLAS", NativeLibraries.CUBLAS_LIBRARY, "cuBLAS " + version[0] / 10000
                        + "." + version[0] % 10000 / 100 + "." + version[0] % 100);
            } catch (RuntimeException | LinkageError e) {
                handle = null;
                cublasCheck = LibraryCheck.missing("cuBLAS", NativeLibraries.CUBLAS_LIBRARY, NativeLibraries.reason(e));
            }
        }
        cublas = handle;
        checks = java.util.List.of(driver, kernelCheck, cudnnCheck, cublasCheck);
        plan = CudaSetup.decide(driver, kernelCheck, cudnnCheck, cublasCheck);
        selfTest();
    }

    /**
     * A tiny convolution (forward, backward data, backward filter) and batch norm (training forward,
     * backward) on the device, at startup. cuDNN 9 opens its sub-libraries (libcudnn_cnn.so.9, ...)
     * only when an op first needs one, so a missing one would otherwise fail at the first layer of a
     * run; here it fails at once, naming the sub-library and what it lacks.
     */
    private void selfTest() {
        String step = "convolution forward";
        java.util.List<CudaStorage> used = new java.util.ArrayList<>();
        java.util.function.LongFunction<CudaStorage> zeros = n -> {
            CudaStorage st = allocate(n, true);
            used.add(st);
            return st;
        };
        try {
            ConvGeometry g = new ConvGeometry(1, 2, 4, 4, 2, 3, 3, 1, 1, 1);   // N 1, 2 -> 2 channels, 4x4, 3x3, pad 1
            CudaStorage x = zeros.apply(32), w = zeros.apply(36), y = zeros.apply(32);
            cudnn.forward(g, x, w, y);
            step = "convolution backward data";
            cudnn.backwardData(g, y, w, x);
            step = "convolution backward filter";
            cudnn.backwardFilter(g, x, y, w);
            step = "batch norm forward";
            CudaStorage gamma = zeros.apply(2), beta = zeros.apply(2), mean = zeros.apply(2), var = zeros.apply(2);
            CudaStorage saveMean = zeros.apply(2), saveInvStd = zeros.apply(2);
            fill(gamma, 1f);
            fill(var, 1f);
            cudnn.batchNormTrain(x, gamma, beta, 1, 2, 16, 1e-5f, 0.1f, mean, var, y, saveMean, saveInvStd);
            step = "batch norm backward";
            cudnn.batchNormBackward(x, y, gamma, saveMean, saveInvStd, 1, 2, 16, x, zeros.apply(2), zeros.apply(2));
            step = "waiting for the device";
            context.synchronize();
        } catch (RuntimeException e) {
            String sub = CudaLibraryReport.cudnnSublibraryProblems();
            throw new CudaUnavailableException("CUDA backend unavailable: the startup self-test failed at " + step + ": "
                    + NativeLibraries.reason(e) + (sub.isEmpty() ? "" : "; " + sub), e);
        } finally {
            used.forEach(CudaStorage::release);
        }
    }

    /** Runs a GC so the cleaners of unreachable CudaStorage return their blocks, then lets them run. */
    private static void collectGarbage() {
        System.gc();
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- facts for doctor

    /** What loaded: driver, kernels, cuDNN, cuBLAS, in that order. */
    public java.util.List<LibraryCheck> libraries() {
        return checks;
    }

    public GemmRoute gemmRoute() {
        return plan.gemm();
    }

    public synchronized String deviceDescription() {
        context.makeCurrent();
        int[] cc = context.computeCapability();
        return String.format(java.util.Locale.ROOT, "%s, compute capability %d.%d, %.1f GiB", context.deviceName(),
                cc[0], cc[1], context.totalMemory() / (double) (1L << 30));
    }

    /** The allocator, for its counters (tests). */
    CachingAllocator allocator() {
        return allocator;
    }

    public synchronized String memoryDescription() {
        return allocator + ", " + (cudnn == null ? 0 : cudnn.cachedAlgorithms()) + " convolution algorithms cached";
    }

    @Override
    public String name() {
        return "cuda:0";
    }

    // ---------------------------------------------------------------- memory

    private static CudaStorage s(Storage storage) {
        if (storage instanceof CudaStorage c) {
            return c;
        }
        throw new IllegalArgumentException("cuda backend got storage of " + storage.backend().name());
    }

    private static int count(Storage storage) {
        if (storage.size() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cuda backend: " + storage.size() + " floats exceed the kernels' int sizes");
        }
        return (int) storage.size();
    }

    /** Zero-filled when asked (a memset queued on the stream); otherwise whatever the block last held. */
    @Override
    public synchronized CudaStorage allocate(long size, boolean zeroed) {
        context.makeCurrent();
        CudaStorage storage = new CudaStorage(this, allocator, size);
        if (zeroed && size > 0) {
            JCudaDriver.cuMemsetD32Async(storage.pointer(), 0, size, context.stream);
        }
        return storage;
    }

    /**
     * Hands the block back to the caching allocator now (exactly once: a second call, and the
     * storage's cleaner later, do nothing). Not synchronized: the allocator has its own lock, and no
     * driver call is made.
     */
    @Override
    public void release(Storage storage) {
        s(storage).release();
    }

    /** Queued on the stream through pinned memory ({@link PinnedStaging}): the host does not wait for the device. */
    @Override
    public synchronized Storage upload(float[] host) {
        CudaStorage storage = allocate(host.length, false);
        if (host.length > 0) {
            staging.upload(host, storage.pointer());
        }
        return storage;
    }

    @Override
    public synchronized float[] download(Storage storage) {
        context.makeCurrent();
        float[] host = new float[count(storage)];
        context.synchronize();   // the results of queued work
        if (host.length > 0) {
            JCudaDriver.cuMemcpyDtoH(Pointer.to(host), s(storage).pointer(), (long) host.length * Float.BYTES);
        }
        return host;
    }

    @Override
    public synchronized void fill(Storage storage, float value) {
        context.makeCurrent();
        int n = count(storage);
        kernels.launchElementwise(Kernel.FILL, n, s(storage), value, n);
    }

    /** Waits for every operation queued on the stream (for timing; download already waits). */
    @Override
    public synchronized void synchronize() {
        context.makeCurrent();
        context.synchronize();
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public synchronized void unary(UnaryOp op, Storage x, Storage out) {
        context.makeCurrent();
        int n = count(x);
        kernels.launchElementwise(Kernel.ELEMENTWISE, Kernel.unarySymbol(op), n, s(x), s(out), n);
    }

    @Override
    public synchronized void binary(BinaryOp op, Storage a, Storage b, Storage out) {
        context.makeCurrent();
        int n = count(a);
        kernels.launchElementwise(Kernel.ELEMENTWISE, Kernel.binarySymbol(op), n, s(a), s(b), s(out), n);
    }

    /** out = relu(a + b), the fused residual epilogue (not in the Backend interface; used by the parity suite). */
    public synchronized void addRelu(Storage a, Storage b, Storage out) {
        context.makeCurrent();
        int n = count(a);
        kernels.launchElementwise(Kernel.ADD_RELU, n, s(a), s(b), s(out), n);
    }

    @Override
    public synchronized void scale(Storage x, float alpha, Storage out) {
        context.makeCurrent();
        int n = count(x);
        kernels.launchElementwise(Kernel.SCALE, n, s(x), alpha, s(out), n);
    }

    @Override
    public synchronized void axpy(float alpha, Storage x, Storage y) {
        context.makeCurrent();
        int n = count(x);
        kernels.launchElementwise(Kernel.AXPY, n, alpha, s(x), s(y), n);
    }

    // ---------------------------------------------------------------- broadcast and reduce

    @Override
    public synchronized void addBias(Storage x, Storage bias, int outer, int mid, int inner, Storage out) {
        context.makeCurrent();
        kernels.launchElementwise(Kernel.ADD_BIAS, (long) outer * mid * inner, s(x), s(bias), s(out), outer, mid, inner);
    }

    @Override
    public synchronized void sumMiddle(Storage x, int outer, int mid, int inner, Storage out) {
        context.makeCurrent();
        kernels.launchRows(Kernel.SUM_MIDDLE, (long) outer * inner, mid, s(x), s(out), outer, mid, inner);
    }

    // ---------------------------------------------------------------- matmul

    @Override
    public synchronized void matmul(Storage a, boolean transA, Storage b, boolean transB, Storage c, int m, int n, int k) {
        context.makeCurrent();
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {   // an empty sum; cuBLAS would reject the leading dimension 0
            kernels.launchElementwise(Kernel.FILL, (long) m * n, s(c), 0f, m * n);
            return;
        }
        if (plan.gemm() == GemmRoute.CUBLAS) {
            // cuBLAS is column-major. A row-major (M,N) matrix is the column-major (N,M) matrix C^T, and
            // C^T = op(B)^T op(A)^T: so swap the operands and pass the row lengths as leading dimensions.
            JCublas2.cublasSgemm(cublas,
                    transB ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
                    transA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
                    n, m, k, ONE, s(b).pointer(), transB ? k : n, s(a).pointer(), transA ? m : k, ZERO, s(c).pointer(), n);
        } else {
            matmulWithKernel(a, transA, b, transB, c, m, n, k);
        }
    }

    /** matmul on the custom tiled GEMM kernel, whichever route was chosen (the parity suite tests both). */
    synchronized void matmulWithKernel(Storage a, boolean transA, Storage b, boolean transB, Storage c, int m, int n, int k) {
        context.makeCurrent();
        GemmGrid grid = GemmGrid.of(m, n);
        kernels.launch(Kernel.GEMM.family, Kernel.GEMM.symbol, grid.x(), grid.y(), GemmGrid.THREADS, GemmGrid.THREADS,
                0, s(a), transA, s(b), transB, s(c), m, n, k);
    }

    // ---------------------------------------------------------------- convolution

    @Override
    public synchronized void conv2dForward(ConvGeometry g, Storage x, Storage w, Storage y) {
        context.makeCurrent();
        cudnn.forward(g, s(x), s(w), s(y));
    }

    @Override
    public synchronized void conv2dBackwardData(ConvGeometry g, Storage dy, Storage w, Storage dx) {
        context.makeCurrent();
        cudnn.backwardData(g, s(dy), s(w), s(dx));
    }

    @Override
    public synchronized void conv2dBackwardFilter(ConvGeometry g, Storage x, Storage dy, Storage dw) {
        context.makeCurrent();
        cudnn.backwardFilter(g, s(x), s(dy), s(dw));
    }

    // ---------------------------------------------------------------- batch norm

    @Override
    public synchronized void batchNormTrain(Storage x, Storage gamma, Storage beta, int n, int c, int hw, float eps,
                                            float momentum, Storage runningMean, Storage runningVar, Storage out,
                                            Storage saveMean, Storage saveInvStd) {
        context.makeCurrent();
        cudnn.batchNormTrain(s(x), s(gamma), s(beta), n, c, hw, eps, momentum, s(runningMean), s(runningVar), s(out),
                s(saveMean), s(saveInvStd));
    }

    @Override
    public synchronized void batchNormInfer(Storage x, Storage gamma, Storage beta, Storage runningMean,
                                            Storage runningVar, int n, int c, int hw, float eps, Storage out) {
        context.makeCurrent();
        cudnn.batchNormInfer(s(x), s(gamma), s(beta), s(runningMean), s(runningVar), n, c, hw, eps, s(out));
    }

    @Override
    public synchronized void batchNormBackward(Storage x, Storage dy, Storage gamma, Storage saveMean,
                                               Storage saveInvStd, int n, int c, int hw, Storage dx, Storage dgamma,
                                               Storage dbeta) {
        context.makeCurrent();
        cudnn.batchNormBackward(s(x), s(dy), s(gamma), s(saveMean), s(saveInvStd), n, c, hw, s(dx), s(dgamma), s(dbeta));
    }

    // ---------------------------------------------------------------- pooling

    @Override
    public synchronized void globalAvgPool(Storage x, int nc, int hw, Storage out) {
        context.makeCurrent();
        kernels.launchRows(Kernel.GLOBAL_AVG_POOL, nc, hw, s(x), s(out), nc, hw);
    }

    @Override
    public synchronized void globalAvgPoolBackward(Storage dy, int nc, int hw, Storage dx) {
        context.makeCurrent();
        kernels.launchElementwise(Kernel.GLOBAL_AVG_POOL_BACKWARD, (long) nc * hw, s(dy), s(dx), nc, hw);
    }

    // ---------------------------------------------------------------- softmax

    @Override
    public synchronized void softmax(Storage x, int rows, int cols, boolean log, Storage out) {
        context.makeCurrent();
        kernels.launchRows(Kernel.SOFTMAX, rows, cols, s(x), s(out), rows, cols, log);
    }

    @Override
    public synchronized void softmaxBackward(Storage y, Storage dy, int rows, int cols, boolean log, Storage dx) {
        context.makeCurrent();
        kernels.launchRows(Kernel.SOFTMAX_BACKWARD, rows, cols, s(y), s(dy), s(dx), rows, cols, log);
    }

    // ---------------------------------------------------------------- channel copies

    @Override
    public synchronized void copyChannels(Storage src, int srcChannels, int srcStart, Storage dst, int dstChannels,
                                          int dstStart, int count, int n, int hw, boolean accumulate) {
        context.makeCurrent();
        kernels.launchElementwise(Kernel.COPY_CHANNELS, (long) n * count * hw, s(src), srcChannels, srcStart, s(dst),
                dstChannels, dstStart, count, n, hw, accumulate);
    }

    /**
     * out(rows.length, rowSize) row r = x row rows[r], in one launch (Backend's default makes one
     * copyChannels launch per run of consecutive rows). The row numbers travel to the device with the
     * launch's own small upload.
     */
    @Override
    public synchronized void gatherRows(Storage x, int[] rows, int rowSize, Storage out) {
        context.makeCurrent();
        long n = (long) x.size() / Math.max(1, rowSize);
        for (int r : rows) {
            if (r < 0 || r >= n) {
                throw new IllegalArgumentException("gather_rows: row " + r + " is outside " + n + " rows");
            }
        }
        if (rows.length == 0) {
            return;
        }
        CudaStorage index = allocate(rows.length, false);   // int and float are both 4 bytes
        JCudaDriver.cuMemcpyHtoD(index.pointer(), Pointer.to(rows), (long) rows.length * Integer.BYTES);
        kernels.launchElementwise(Kernel.GATHER_ROWS, (long) rows.length * rowSize, s(x), index, s(out), rows.length,
                rowSize);
        index.release();   // reused only by later work on the same stream, after this kernel
    }

    @Override
    public synchronized void gatherGroups(Storage x, int n, int groups, int groupChannels, int hw, int[] index,
                                          Storage out) {
        launchGroups(Kernel.GATHER_GROUPS, (long) n * index.length, x, n, groups, groupChannels, hw, index, out);
    }

    @Override
    public synchronized void gatherGroupsBackward(Storage dy, int n, int groups, int groupChannels, int hw,
                                                  int[] index, Storage dx) {
        launchGroups(Kernel.GATHER_GROUPS_BACKWARD, (long) n * groups, dy, n, groups, groupChannels, hw, index, dx);
    }

    /** One launch of a groups.cu kernel over {@code blocks} groups of Cg * HW floats. */
    private void launchGroups(Kernel kernel, long blocks, Storage in, int n, int groups, int groupChannels, int hw,
                              int[] index, Storage out) {
        GroupSums.checkIndex("gather_groups", index, groups);
        context.makeCurrent();
        if (index.length == 0 || blocks == 0) {
            if (kernel == Kernel.GATHER_GROUPS_BACKWARD) fill(out, 0f);   // no output group: every gradient is zero
            return;
        }
        int block = groupChannels * hw;
        kernels.launchElementwise(kernel, blocks * block, s(in), groupIndices.onDevice(index), s(out), n, groups,
                index.length, block);
    }

    // ---------------------------------------------------------------- optimizer

    @Override
    public synchronized void sgdUpdate(Storage param, Storage grad, Storage velocity, float lr, float momentum,
                                       float weightDecay, boolean nesterov) {
        context.makeCurrent();
        int n = count(param);
        kernels.launchElementwise(Kernel.SGD_UPDATE, n, s(param), s(grad), s(velocity), lr, momentum, weightDecay,
                nesterov, n);
    }
}
