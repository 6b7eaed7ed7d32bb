package dev.hne.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Library-availability routing, decided without a GPU. */
class CudaSetupTest {

    static final LibraryCheck DRIVER = LibraryCheck.ok("driver", NativeLibraries.DRIVER_LIBRARY, "CUDA 12.4 driver, 1 device(s)");
    static final LibraryCheck KERNELS = LibraryCheck.ok("kernels", NativeLibraries.KERNELS, "8 PTX modules");
    static final LibraryCheck CUDNN = LibraryCheck.ok("cuDNN", NativeLibraries.CUDNN_LIBRARY, "cuDNN 9.1.0");
    static final LibraryCheck CUBLAS = LibraryCheck.ok("cuBLAS", NativeLibraries.CUBLAS_LIBRARY, "cuBLAS 12.4.5");

    @Test
    void everythingPresentUsesCublas() {
        CudaSetup.Plan plan = CudaSetup.decide(DRIVER, KERNELS, CUDNN, CUBLAS);
        assertEquals(GemmRoute.CUBLAS, plan.gemm());
        assertTrue(plan.notice().contains("cuBLAS"), plan.notice());
    }

    @Test
    void cuda13OnlyMachineRoutesMatmulToTheKernelAndSaysWhy() {
        LibraryCheck noCublas12 = LibraryCheck.missing("cuBLAS", NativeLibraries.CUBLAS_LIBRARY,
                "libcublas.so.12: cannot open shared object file");
        CudaSetup.Plan plan = CudaSetup.decide(DRIVER, KERNELS, CUDNN, noCublas12);
        assertEquals(GemmRoute.GEMM_KERNEL, plan.gemm());
        assertTrue(plan.notice().contains("libcublas.so.12"), plan.notice());
        assertTrue(plan.notice().contains("gemm_f32"), plan.notice());
    }

    @Test
    void aMissingRequiredPieceIsNamedWithItsVersion() {
        LibraryCheck noDriver = LibraryCheck.missing("driver", NativeLibraries.DRIVER_LIBRARY,
                "libcuda.so.1: cannot open shared object file");
        var e = assertThrows(CudaUnavailableException.class, () -> CudaSetup.decide(noDriver, KERNELS, CUDNN, CUBLAS));
        assertTrue(e.getMessage().contains("libcuda.so.1") && e.getMessage().contains("525.60"), e.getMessage());

        LibraryCheck noCudnn = LibraryCheck.missing("cuDNN", NativeLibraries.CUDNN_LIBRARY, "found cuDNN version 8907");
        e = assertThrows(CudaUnavailableException.class, () -> CudaSetup.decide(DRIVER, KERNELS, noCudnn, CUBLAS));
        assertTrue(e.getMessage().contains("libcudnn.so.9") && e.getMessage().contains("8907"), e.getMessage());

        LibraryCheck noKernels = LibraryCheck.missing("kernels", NativeLibraries.KERNELS, "built without nvcc");
        e = assertThrows(CudaUnavailableException.class, () -> CudaSetup.decide(DRIVER, noKernels, CUDNN, CUBLAS));
        assertTrue(e.getMessage().contains("nvcc"), e.getMessage());
    }

    @Test
    void loadFailuresAreShortenedToTheLoadersLine() {
        var e = new UnsatisfiedLinkError("Error while loading native library \"JCudnn-12.6.0-linux-x86_64\"\n"
                + "Operating system name: Linux\nStack trace from the attempt to load the library as a resource:\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCudnn-12.6.0-linux-x86_64.so: libcudnn.so.9: cannot open "
                + "shared object file: No such file or directory\n\tat java.base/...");
        assertEquals("libcudnn.so.9: cannot open shared object file", NativeLibraries.reason(e));
        assertEquals("IllegalStateException: boom", NativeLibraries.reason(new IllegalStateException("boom\nmore")));
        assertEquals("12.4", NativeLibraries.cudaVersion(12040));
        assertEquals("13.0", NativeLibraries.cudaVersion(13000));
    }

    @Test
    void cudnn9StatusCodesAreRecoveredFromJcudnnsMessage() {
        assertEquals(2000, Cudnn.statusIn("INVALID cudnnStatus: 2000"));
        assertEquals(null, Cudnn.statusIn("CUDNN_STATUS_BAD_PARAM"));
        assertEquals(null, Cudnn.statusIn(null));
    }
}
