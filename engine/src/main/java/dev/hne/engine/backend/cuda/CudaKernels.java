package dev.hne.engine.backend.cuda;

import java.util.HashMap;
import java.util.Map;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * The custom kernels: PTX modules loaded from the kernels jar once each (cuModuleLoadData, which
 * JIT-compiles the compute_75 PTX for the GPU at hand), functions cached by name, and launches.
 */
final class CudaKernels {

    /** Threads per block for elementwise kernels. */
    static final int THREADS = 256;
    /** Grid cap: the kernels loop grid-stride, so more blocks than this add nothing. */
    static final int MAX_BLOCKS = 1 << 16;

    private final CudaContext context;
    private final Map<String, CUmodule> modules = new HashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final Map<String, java.util.List<String>> signatures = new HashMap<>();

    CudaKernels(CudaContext context) {
        this.context = context;
    }

    /** Loads every shipped module now, so a PTX the driver rejects fails at startup, not mid-training. */
    void loadAll() {
        for (String family : PtxResources.families()) {
            module(family);
        }
    }

    int moduleCount() {
        return modules.size();
    }

    private synchronized CUmodule module(String family) {
        return modules.computeIfAbsent(family, f -> {
            byte[] ptx = PtxResources.ptx(f);
            CUmodule m = new CUmodule();
            JCudaDriver.cuModuleLoadData(m, ptx);
            signatures.putAll(PtxResources.signatures(
                    new String(ptx, 0, ptx.length - 1, java.nio.charset.StandardCharsets.UTF_8)));
            return m;
        });
    }

    synchronized CUfunction function(String family, String symbol) {
        return functions.computeIfAbsent(symbol, s -> {
            CUfunction f = new CUfunction();
            JCudaDriver.cuModuleGetFunction(f, module(family), s);
            return f;
        });
    }

    /**
     * A launch passes raw bytes: an int where the kernel expects a float would be silently wrong.
     * So every launch is checked against the parameter list the PTX declares (one map lookup).
     */
    private synchronized void checkSignature(String symbol, Object[] args) {
        java.util.List<String> declared = signatures.get(symbol);
        java.util.List<String> passed = new java.util.ArrayList<>();
        for (Object a : args) {
            passed.add(a instanceof CudaStorage ? "u64" : a instanceof Float ? "f32" : "u32");
        }
        if (declared != null && !declared.equals(passed)) {
            throw new IllegalStateException("kernel " + symbol + " takes " + declared + " but was launched with " + passed);
        }
    }

    /** One thread per element of {@code n}, grid-stride. */
    void launchElementwise(String family, String symbol, long n, Object... args) {
        int blocks = (int) Math.max(1, Math.min(MAX_BLOCKS, (n + THREADS - 1) / THREADS));
        launch(family, symbol, blocks, 1, THREADS, 1, 0, args);
    }

    void launchElementwise(Kernel kernel, long n, Object... args) {
        launchElementwise(kernel.family, kernel.symbol, n, args);
    }

    /**
     * One block per row ({@code rows} capped; the kernels loop over the rest) with a power-of-two
     * block of at most 256 threads sized to the row, and one float of shared memory per thread.
     */
    void launchRows(Kernel kernel, long rows, int rowLength, Object... args) {
        int threads = 32;
        while (threads < 256 && threads < rowLength) threads <<= 1;
        int blocks = (int) Math.max(1, Math.min(MAX_BLOCKS, rows));
        launch(kernel.family, kernel.symbol, blocks, 1, threads, 1, threads * Float.BYTES, args);
    }

    /** Arguments: CudaStorage, Integer, Float or Boolean (passed as int 0/1), in the kernel's order. */
    void launch(String family, String symbol, int gridX, int gridY, int blockX, int blockY, int sharedBytes,
                Object... args) {
        CUfunction f = function(family, symbol);
        checkSignature(symbol, args);
        NativePointerObject[] params = new NativePointerObject[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = parameter(args[i]);
        }
        JCudaDriver.cuLaunchKernel(f, gridX, gridY, 1, blockX, blockY, 1, sharedBytes, context.stream,
                Pointer.to(params), null);
    }

    private static Pointer parameter(Object arg) {
        if (arg instanceof CudaStorage s) return Pointer.to(s.pointer());
        if (arg instanceof Integer v) return Pointer.to(new int[] {v});
        if (arg instanceof Float v) return Pointer.to(new float[] {v});
        if (arg instanceof Boolean v) return Pointer.to(new int[] {v ? 1 : 0});
        throw new IllegalArgumentException("kernel argument of type " + arg.getClass());
    }
}
