package dev.hne.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hne.engine.backend.BinaryOp;
import dev.hne.engine.backend.UnaryOp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jcuda.nvptxcompiler.JNvPTXCompiler;
import jcuda.nvptxcompiler.nvPTXCompilerHandle;
import org.junit.jupiter.api.Test;

/**
 * The shipped PTX, checked without a GPU: CUDA 12's own PTX compiler (nvPTXCompiler, embedded in the
 * JCuda 12.6 natives) compiles every module for sm_75 and sm_90, which proves the ISA-8.0 PTX is valid for a
 * CUDA 12 driver's JIT; and every kernel the backend launches exists in the module it looks in.
 */
class KernelPtxTest {

    private static void assumeBuilt() {
        assumeTrue(PtxResources.built(), "PTX kernels were not built (nvcc was not on the PATH when kernels/ was "
                + "built), so there is nothing to check");
    }

    @Test
    void everyModuleCompilesWithCuda12sPtxCompiler() {
        assumeBuilt();
        List<String> families = PtxResources.families();
        assertFalse(families.isEmpty(), "index.txt lists no PTX");
        int[] major = new int[1], minor = new int[1];
        JNvPTXCompiler.nvPTXCompilerGetVersion(major, minor);
        assertEquals(12, major[0], "the embedded PTX compiler should be CUDA 12's");
        List<String> failures = new ArrayList<>();
        for (String family : families) {
            byte[] ptx = PtxResources.ptx(family);
            String text = new String(ptx, 0, ptx.length - 1, StandardCharsets.UTF_8);
            assertTrue(text.contains("\n.version 8.0\n"), family + ".ptx should declare PTX ISA 8.0");
            assertTrue(text.contains("\n.target sm_75\n"), family + ".ptx should target sm_75");
            for (String gpu : new String[] {"sm_75", "sm_90"}) {   // the oldest target and Hopper
                String log = compile(ptx, "--gpu-name=" + gpu);
                if (log != null) {
                    failures.add(family + ".ptx for " + gpu + ": " + log);
                }
            }
        }
        assertTrue(failures.isEmpty(), "nvPTXCompiler " + major[0] + "." + minor[0] + " rejected: " + failures);
    }

    @Test
    void everyKernelTheBackendLaunchesIsDefined() {
        assumeBuilt();
        List<String> missing = new ArrayList<>();
        for (Kernel k : Kernel.values()) {
            if (!entries(k.family).contains(k.symbol)) missing.add(k.family + ".ptx:" + k.symbol);
        }
        List<String> elementwise = entries(Kernel.ELEMENTWISE);
        for (UnaryOp op : UnaryOp.values()) {
            if (!elementwise.contains(Kernel.unarySymbol(op))) missing.add(Kernel.unarySymbol(op));
        }
        for (BinaryOp op : BinaryOp.values()) {
            if (!elementwise.contains(Kernel.binarySymbol(op))) missing.add(Kernel.binarySymbol(op));
        }
        assertTrue(missing.isEmpty(), "kernels launched but not in the PTX: " + missing);
    }

    @Test
    void entriesAreReadFromPtxText() {
        String ptx = ".version 8.0\n.target sm_75\n.visible .entry foo_f32(\n.param .u64 a\n)\n{\n}\n"
                + ".func helper(\n.visible .entry bar_f32(\n";
        assertEquals(List.of("foo_f32", "bar_f32"), PtxResources.entries(ptx));
    }

    @Test
    void signaturesAreReadFromPtxText() {
        String ptx = ".visible .entry scale_f32(\n\t.param .u64 scale_f32_param_0,\n\t.param .f32 scale_f32_param_1,\n"
                + "\t.param .u32 scale_f32_param_2\n)\n{\n\tld.param.u64 %rd1, [scale_f32_param_0];\n}\n"
                + ".visible .entry fill_f32(\n\t.param .u64 fill_f32_param_0\n)\n";
        var s = PtxResources.signatures(ptx);
        assertEquals(List.of("u64", "f32", "u32"), s.get("scale_f32"));
        assertEquals(List.of("u64"), s.get("fill_f32"));
    }

    @Test
    void theShippedSgdKernelTakesThreePointersThreeFloatsAndTwoInts() {
        assumeBuilt();
        byte[] ptx = PtxResources.ptx("optim");
        var s = PtxResources.signatures(new String(ptx, 0, ptx.length - 1, StandardCharsets.UTF_8));
        assertEquals(List.of("u64", "u64", "u64", "f32", "f32", "f32", "u32", "u32"), s.get("sgd_update_f32"));
    }

    private static List<String> entries(String family) {
        byte[] ptx = PtxResources.ptx(family);
        return PtxResources.entries(new String(ptx, StandardCharsets.UTF_8));
    }

    /** Null when the PTX compiles, else the compiler's error log. */
    private static String compile(byte[] ptxWithNul, String... options) {
        nvPTXCompilerHandle handle = new nvPTXCompilerHandle();
        JNvPTXCompiler.nvPTXCompilerCreate(handle, ptxWithNul.length - 1, ptxWithNul);
        try {
            int status = JNvPTXCompiler.nvPTXCompilerCompile(handle, options.length, options);
            if (status == 0) {
                long[] size = new long[1];
                JNvPTXCompiler.nvPTXCompilerGetCompiledProgramSize(handle, size);
                return size[0] > 0 ? null : "empty program";
            }
            long[] logSize = new long[1];
            JNvPTXCompiler.nvPTXCompilerGetErrorLogSize(handle, logSize);
            byte[] log = new byte[(int) logSize[0] + 1];
            JNvPTXCompiler.nvPTXCompilerGetErrorLog(handle, log);
            return "status " + status + ": " + new String(log, StandardCharsets.UTF_8).trim();
        } finally {
            JNvPTXCompiler.nvPTXCompilerDestroy(handle);
        }
    }
}
