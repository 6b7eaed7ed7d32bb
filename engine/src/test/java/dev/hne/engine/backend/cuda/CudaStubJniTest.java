package dev.hne.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JNI plumbing of the CUDA backend, checked without a GPU. gcc builds stub libcuda.so.1,
 * libcublas.so.12 and libcudnn.so.9 (src/test/native; the right SONAMEs and symbol versions, so
 * JCuda's 12.6 JNI libraries link against them exactly as against NVIDIA's); a child JVM with
 * LD_LIBRARY_PATH pointing at them runs the real CudaBackend ({@link StubbedBackendRun}). That proves
 * every binding the backend uses resolves, and that arguments and results cross the boundary: copies,
 * every custom kernel (its .cu source compiled for the host, run by the stub's cuLaunchKernel: see
 * cuda_emu.h) and cublasSgemm are checked by value against CpuBackend, the cuDNN calls by the values
 * the stub recorded. A child JVM, because once loaded the stubs would shadow a real driver for the rest
 * of the test JVM.
 */
class CudaStubJniTest {

    private static Path dir;
    private static List<String> output;
    private static List<String> calls;
    private static List<String> trainingCalls;

    @BeforeAll
    static void runBackendAgainstStubs() throws Exception {
        assumeTrue(onPath("gcc") && onPath("g++"), "gcc or g++ is not on the PATH: cannot build the stub CUDA libraries");
        assumeTrue(PtxResources.built(), "PTX kernels not built (no nvcc): the backend refuses to start without them");
        Path src = Path.of("src/test/native").toAbsolutePath();
        assumeTrue(Files.isDirectory(src), "stub sources not found at " + src + " (run from the engine module)");
        dir = Path.of("target/cuda-stubs").toAbsolutePath();
        Files.createDirectories(dir.resolve("tmp"));
        gcc(src, "stub_cuda.c", "libcuda.so.1", null);
        buildKernelEmulation(src);
        gcc(src, "stub_cublas.c", "libcublas.so.12", "libcublas.map");
        gcc(src, "stub_cudnn.c", "libcudnn.so.9", "libcudnn.map");
        Path log = dir.resolve("calls.log");
        Files.deleteIfExists(log);

        output = runChild(dir, log, "--with-parity");
        List<String> all = Files.readAllLines(log);
        int training = all.indexOf("TRAINING");
        calls = training < 0 ? all : all.subList(0, training);   // StubbedBackendRun's calls; the training run's follow
        trainingCalls = training < 0 ? List.of() : all.subList(training, all.size());
    }

    /** Runs StubbedBackendRun in a child JVM whose dynamic loader finds the libraries in {@code libs}. */
    private static List<String> runChild(Path libs, Path log, String mode) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--add-modules=jdk.incubator.vector",
                "-Djava.io.tmpdir=" + dir.resolve("tmp"),
                "-Dhne.cuda.softLimitMiB=1",   // low, so memory left to the GC would make the allocator collect
                "-cp", System.getProperty("java.class.path"),
                StubbedBackendRun.class.getName(), mode);
        pb.environment().put("LD_LIBRARY_PATH", libs.toString());
        pb.environment().put("HNE_STUB_LOG", log.toString());
        pb.environment().put("HNE_KERNEL_EMU", dir.resolve("libhne_kernel_emu.so").toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Files.writeString(libs.resolve("child-output.txt"), text);   // for a person debugging a failure
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, p.exitValue(), "child JVM failed:\n" + text);
        return text.lines().toList();
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }

    private static void gcc(Path src, String file, String soname, String versionScript) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-O1", "-Wl,-soname," + soname));
        if (versionScript != null) cmd.add("-Wl,--version-script=" + src.resolve(versionScript));
        cmd.addAll(List.of("-o", dir.resolve(soname).toString(), src.resolve(file).toString(), "-lm"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "gcc failed for " + file + ":\n" + out);
    }

    /**
     * libhne_kernel_emu.so: the kernels' own .cu sources compiled for the host by g++ with cuda_emu.h.
     * One line cannot be spelled in C++ ("extern __shared__ float scratch[];" would be extern static),
     * so it is rewritten to point at the emulator's shared-memory array; nothing else changes.
     */
    private static void buildKernelEmulation(Path src) throws IOException, InterruptedException {
        Path kernels = Path.of("../kernels/src/main/cuda").toAbsolutePath().normalize();
        Path copy = dir.resolve("emu-src");
        Files.createDirectories(copy);
        try (var files = Files.list(kernels)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".cu") || p.toString().endsWith(".cuh")).toList()) {
                String text = Files.readString(f).replace("extern __shared__ float scratch[];", "float* scratch = emu_shared;");
                Files.writeString(copy.resolve(f.getFileName()), text);
            }
        }
        Process p = new ProcessBuilder("g++", "-std=c++20", "-O1", "-shared", "-fPIC", "-pthread", "-I" + copy,
                "-o", dir.resolve("libhne_kernel_emu.so").toString(), src.resolve("cuda_emu.cpp").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "g++ failed for the kernel emulation:\n" + out);
    }

    private static String line(String prefix) {
        return output.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting '" + prefix + "' in:\n" + String.join("\n", output)));
    }

    private static long count(String prefix) {
        return calls.stream().filter(l -> l.startsWith(prefix)).count();
    }

    private static void assertCalled(String exact) {
        assertTrue(calls.contains(exact), "stub never saw '" + exact + "'; it saw:\n" + String.join("\n", calls));
    }

    @Test
    void everyLibraryLoadsThroughTheStubsAndCublasIsChosen() {
        assertTrue(line("LIBRARY driver").contains("CUDA 12.4 driver, 1 device(s)"), line("LIBRARY driver"));
        assertTrue(line("LIBRARY cuDNN").contains("cuDNN 9.1.0"), line("LIBRARY cuDNN"));
        assertTrue(line("LIBRARY cuBLAS").contains("cuBLAS 12.4.5"), line("LIBRARY cuBLAS"));
        assertTrue(line("LIBRARY kernels").contains("PTX") || !PtxResources.built(), line("LIBRARY kernels"));
        assertEquals("ROUTE CUBLAS", line("ROUTE"));
        assertEquals("DEVICE Stub GPU, compute capability 7.5, 8.0 GiB", line("DEVICE"));
        assertCalled("cuDevicePrimaryCtxRetain 0");
        assertCalled("cuStreamCreate flags=0");
        assertCalled("cudnnCreate");
        assertCalled("cublasCreate");
        // cuBLAS and cuDNN queue on the backend's one stream (the stub's stream handle is 0x57)
        assertCalled("cudnnSetStream 0x57");
        assertCalled("cublasSetStream 0x57");
    }

    @Test
    void withoutCublas12MatmulIsRoutedToTheGemmKernelAndTheRouteIsSaidOnce() throws Exception {
        Path cuda13 = dir.resolve("no-cublas12");   // like a CUDA 13-only machine: driver and cuDNN 9, no cuBLAS 12
        Files.createDirectories(cuda13);
        for (String lib : List.of("libcuda.so.1", "libcudnn.so.9")) {
            Files.copy(dir.resolve(lib), cuda13.resolve(lib), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path log = cuda13.resolve("calls.log");
        Files.deleteIfExists(log);
        List<String> out = runChild(cuda13, log, "--no-parity");
        assertTrue(out.contains("ROUTE GEMM_KERNEL"), String.join("\n", out));
        List<String> notices = out.stream().filter(l -> l.startsWith("cuda: ")).toList();
        assertEquals(1, notices.size(), String.join("\n", out));
        assertTrue(notices.get(0).contains("libcublas.so.12: cannot open shared object file")
                && notices.get(0).contains("gemm_f32"), notices.get(0));
        List<String> kernelCalls = Files.readAllLines(log);
        assertTrue(kernelCalls.contains("cuLaunchKernel gemm_f32 grid=1,1,1 block=16,16,1 shared=0"), String.join("\n", kernelCalls));
        assertTrue(kernelCalls.stream().noneMatch(l -> l.startsWith("cublas")));
    }

    @Test
    void dataAndKernelArgumentsCrossTheBoundary() {
        assertEquals("RESULT upload [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]", line("RESULT upload"));
        assertEquals("RESULT allocate [0.0, 0.0, 0.0]", line("RESULT allocate"));
        assertEquals("RESULT fill [2.5, 2.5, 2.5]", line("RESULT fill"));
        assertEquals("RESULT scale [-0.5, -1.0, -1.5, -2.0, -2.5, -3.0]", line("RESULT scale"));
        // groups [1,2,3] and [4,5,6], each copied to two children
        assertEquals("RESULT replicate [1.0, 2.0, 3.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 4.0, 5.0, 6.0]", line("RESULT replicate"));
        assertTrue(calls.stream().anyMatch(l -> l.startsWith("cuLaunchKernel gather_groups_f32 grid=1,1,1 block=256,1,1")));
        if (PtxResources.built()) {
            assertEquals(PtxResources.families().size(), count("cuModuleLoadData"));
            assertTrue(calls.stream().filter(l -> l.startsWith("cuModuleLoadData")).allMatch(l -> l.endsWith("starts .version 8.0")),
                    "every module handed to the driver declares PTX ISA 8.0");
        }
    }

    @Test
    void theKernelsSourcesAgreeWithCpuBackendWhenRunOnTheHost() {
        List<String> parity = output.stream().filter(l -> l.startsWith("PARITY ")).toList();
        assertTrue(parity.size() >= 30, "parity lines: " + parity.size() + "\n" + String.join("\n", output));
        List<String> bad = parity.stream().filter(l -> !l.endsWith(" ok")).toList();
        assertTrue(bad.isEmpty(), "kernels disagreeing with CpuBackend:\n" + String.join("\n", bad));
    }

    @Test
    void aTrainingRunThroughTheBackendMatchesTheCpuStepByStep() {
        // Stub cuDNN computes in double, our kernels and the CPU in float: 1e-4 relative is generous.
        List<String> steps = output.stream().filter(l -> l.startsWith("TRAIN ")).toList();
        assertEquals(6, steps.size(), String.join("\n", output));
        for (String l : List.of(steps.get(0), steps.get(5), line("EVAL "))) {
            String[] f = l.split(" ");
            double cpu = Double.parseDouble(f[f.length - 2]), cuda = Double.parseDouble(f[f.length - 1]);
            assertTrue(Math.abs(cpu - cuda) <= 1e-4 * Math.abs(cpu), l);
        }
        for (String l : steps) {
            String[] f = l.split(" ");
            double cpu = Double.parseDouble(f[2]), cuda = Double.parseDouble(f[3]);
            assertTrue(Math.abs(cpu - cuda) <= 1e-4 * Math.abs(cpu), "step " + l);
        }
    }

    @Test
    void everyKernelLaunchMatchesItsPtxSignature() {
        assertEquals("LAUNCHES every kernel launched with the PTX's parameter types", line("LAUNCHES"));
        for (Kernel k : Kernel.values()) {
            assertTrue(calls.stream().anyMatch(l -> l.startsWith("cuLaunchKernel " + k.symbol + " ")), k.symbol + " never launched");
        }
    }

    @Test
    void rowMajorMatmulReachesCublasTransposedAndComputesTheRightProduct() {
        // [[1,2,3],[4,5,6]] x [[7,8],[9,10],[11,12]] = [[58,64],[139,154]]
        assertEquals("RESULT matmul [58.0, 64.0, 139.0, 154.0]", line("RESULT matmul "));
        // A^T (3,2) x B^T (2,3) with A stored (2,3), B stored (3,2): B^T = [[7,9,11],[8,10,12]]
        float[] a = {1, 2, 3, 4, 5, 6}, b = {7, 8, 9, 10, 11, 12};
        StringBuilder expected = new StringBuilder("RESULT matmulTT [");
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int p = 0; p < 2; p++) s += a[p * 3 + i] * b[j * 2 + p];
                expected.append(i + j == 0 ? "" : ", ").append((float) s);
            }
        }
        assertEquals(expected.append("]").toString(), line("RESULT matmulTT"));
        assertCalled("cublasSgemm transa=0 transb=0 m=2 n=2 k=3 lda=2 ldb=3 ldc=2 alpha=1 beta=0");
        assertCalled("cublasSgemm transa=1 transb=1 m=3 n=3 k=2 lda=2 ldb=3 ldc=3 alpha=1 beta=0");
    }

    @Test
    void convolutionDescriptorsAlgorithmCacheAndWorkspace() {
        assertCalled("cudnnSetTensor4dDescriptor format=0 type=0 2,4,5,5");
        assertCalled("cudnnSetFilter4dDescriptor type=0 format=0 6,2,3,3");
        assertCalled("cudnnSetTensor4dDescriptor format=0 type=0 2,6,3,3");
        assertCalled("cudnnSetConvolution2dDescriptor pad=1,1 stride=2,2 dilation=1,1 mode=1 type=0");
        assertCalled("cudnnSetConvolutionGroupCount 2");
        assertCalled("cudnnSetConvolutionMathType 3");   // CUDNN_FMA_MATH: true float32 by default
        // once per convolution: the startup self-test's 1x2x4x4 and the run's 2x4x5x5 (called twice
        // at batch 2, then at batches 3 and 5)
        assertEquals(2, count("cudnnFindForward"), "the algorithm is searched once per shape");
        assertEquals(2, count("cudnnFindBackwardData"));
        assertEquals(2, count("cudnnFindBackwardFilter"));
        // self-test, the run's two calls at batch 2, and batch 5
        assertEquals(4, count("cudnnConvolutionForward algo=1 workspace=256 alpha=1 beta=0"));
        assertCalled("cudnnConvolutionBackwardData algo=1 workspace=256");
        assertCalled("cudnnConvolutionBackwardFilter algo=1 workspace=256");
    }

    @Test
    void aNewBatchSizeChecksTheRankedAlgorithmsOnItsOwnDescriptorAndFallsThroughWithoutANewFind() {
        // batch 3: the first-ranked algorithm 1 is refused by the workspace query, so algorithm 0 runs
        assertCalled("cudnnGetForwardWorkspaceSize n=3 algo=1");
        assertCalled("cudnnGetForwardWorkspaceSize n=3 algo=0");
        assertEquals(1, count("cudnnConvolutionForward algo=0 workspace=0 alpha=1 beta=0"), String.join("\n", calls));
        // batch 5: algorithm 1 again, its workspace asked for on the batch-5 descriptors
        assertCalled("cudnnGetForwardWorkspaceSize n=5 algo=1");
        assertEquals(0, count("cudnnGetForwardWorkspaceSize n=5 algo=0"), "algorithm 1 fits at batch 5: no fall-through");
    }

    @Test
    void batchNormAndCudnn9ErrorsNamedByCudnnGetErrorString() {
        assertCalled("cudnnBatchNormalizationForwardTraining mode=1 factor=0.1 eps=1e-05");
        assertTrue(calls.stream().anyMatch(l -> l.startsWith("cudnnBatchNormalizationForwardInference mode=1 eps=1e-05")));
        assertCalled("cudnnBatchNormalizationBackward mode=1");
        String error = line("ERROR");
        assertTrue(error.contains("CUDNN_STATUS_BAD_PARAM (stub)") && error.contains("status 2000")
                && error.contains("set group count"), error);
    }

    /** The stub driver calls starting with {@code prefix} made in each CUDA training step (between "STEP i" marks). */
    private static int[] callsPerStep(String prefix) {
        int[] perStep = new int[6];
        int step = -1;
        for (String l : trainingCalls) {
            if (l.startsWith("STEP ")) {
                step = Integer.parseInt(l.substring(5));
            } else if (step >= 0 && step < perStep.length && l.startsWith(prefix)) {
                perStep[step]++;
            }
        }
        return perStep;
    }

    @Test
    void theHostWaitsForTheDeviceAFewTimesPerStepWhateverTheNumberOfLeaves() {
        // "SYNC ..." lines: calls that block the host until the device is done (stub_cuda.c)
        java.util.Map<String, Integer> perStep = new java.util.LinkedHashMap<>();
        java.util.Map<String, List<String>> which = new java.util.LinkedHashMap<>();
        String current = null;
        for (String l : trainingCalls) {
            if (l.startsWith("HEADS ")) {
                current = l.equals("HEADS END") ? null : l.substring(6);
                if (current != null) perStep.put(current, 0);
            } else if (current != null && l.startsWith("SYNC ") && !l.startsWith("SYNC cuMemFree")) {
                // cuMemFree is the caching allocator giving its cache back (soft limit 1 MiB here), which
                // depends on when the GC's cleaners return blocks: that is the allocation test's subject
                // (a few lines up), not a wait for an op's result, and counting it made this test flaky.
                perStep.merge(current, 1, Integer::sum);
                which.computeIfAbsent(current, k -> new ArrayList<>()).add(l);
            }
        }
        assertEquals(StubbedTrainingRun.LEAF_COUNTS.length * StubbedTrainingRun.HEAD_STEPS, perStep.size(), perStep.toString());
        int expected = -1;
        for (int leaves : StubbedTrainingRun.LEAF_COUNTS) {
            for (int step = 1; step < StubbedTrainingRun.HEAD_STEPS; step++) {   // step 0 warms the caches up
                String key = leaves + " " + step;
                int syncs = perStep.get(key);
                if (expected < 0) expected = syncs;
                assertEquals(expected, syncs, "leaves, step " + key + ": " + which.get(key) + "; all: " + perStep);
            }
        }
        // reading the loss at the end of the step: cuStreamSynchronize, then cuMemcpyDtoH
        assertTrue(expected <= 2, "a step waits " + expected + " times: " + which.get("1 1"));
        for (int leaves : StubbedTrainingRun.LEAF_COUNTS) {
            assertTrue(output.stream().anyMatch(l -> l.startsWith("HEADSLOSS " + leaves + " 2 ")), "leaves " + leaves + " ran");
        }
    }

    @Test
    void uploadsAreQueuedOnTheStreamFromPinnedMemory() {
        assertTrue(calls.stream().anyMatch(l -> l.startsWith("cuMemAllocHost ")), "pinned staging buffers");
        assertTrue(calls.stream().anyMatch(l -> l.startsWith("cuMemcpyHtoDAsync ")), "asynchronous uploads");
        assertTrue(calls.stream().noneMatch(l -> l.startsWith("SYNC cuMemcpyHtoD 24")), "the upload of 6 floats waited");
    }

    @Test
    void afterWarmUpATrainingStepReusesReleasedBlocksWithoutTheDriverOrTheGarbageCollector() {
        int[] allocations = callsPerStep("cuMemAlloc ");
        String seen = "cuMemAlloc per step: " + java.util.Arrays.toString(allocations);
        List<String> memory = output.stream().filter(l -> l.startsWith("STEPMEM ")).toList();
        assertEquals(7, memory.size(), String.join("\n", output));
        long[] requests = memory.stream().mapToLong(l -> Long.parseLong(l.split(" ")[9])).toArray();
        // What autograd releases comes back at once, so from the third step on most of a step's
        // blocks come from the cache; the driver is asked only for what nobody releases (the uploaded
        // batch, the loss, parameter gradients that zeroGrad drops), the same number every step.
        for (int step = 2; step < allocations.length; step++) {
            long stepRequests = requests[step + 1] - requests[step];
            assertTrue(2L * allocations[step] < stepRequests, "step " + step + " asked the driver for "
                    + allocations[step] + " of its " + stepRequests + " blocks; " + seen);
            // step 2 may still find a block that warm-up left in the cache (the split's index, uploaded
            // once in step 0, shifts which), so it asks for at most the steady number
            assertTrue(allocations[step] <= allocations[allocations.length - 1], "step " + step + " asked for more "
                    + "than the steady state: " + seen);
            if (step >= 3) {
                assertEquals(allocations[3], allocations[step], "the same driver allocations every step: " + seen);
            }
        }
        String[] warm = memory.get(2).split(" "), end = memory.get(6).split(" ");
        assertEquals(warm[3], end[3], "System.gc() (the allocator's reclaim) ran during steps 2-5: " + memory);
        assertTrue(Long.parseLong(end[7]) > Long.parseLong(warm[7]), "blocks were released explicitly: " + memory);
    }
}
