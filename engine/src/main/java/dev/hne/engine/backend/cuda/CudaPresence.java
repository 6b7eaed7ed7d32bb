package dev.hne.engine.backend.cuda;

import java.util.Optional;

/**
 * Whether the CUDA tests may skip on this machine. They may only when no device is there: when the
 * driver loads and sees a GPU (or {@code HNE_EXPECT_GPU=1} says one must be there, as bin/hne-gpu-check
 * does), an unusable cuDNN, cuBLAS or PTX must fail the test, not skip it, or a broken install reads as
 * a green suite. Used by the parity suite (CudaParity, TrainingCudaParityTest).
 */
public final class CudaPresence {

    /** The environment variable that says a GPU must be usable here (set to 1). */
    public static final String EXPECT_GPU = "HNE_EXPECT_GPU";

    private CudaPresence() {}

    /** Why the CUDA tests may skip here, or empty when they must run (and fail if the backend cannot start). */
    public static Optional<String> skipReason() {
        return skipReason(NativeLibraries.driver(), System.getenv(EXPECT_GPU));
    }

    /**
     * The decision, from what the driver check found: skip only when the driver is missing or sees no
     * device, and nobody said a GPU is expected. A driver too old for the backend, with a device,
     * is a broken setup, not an absent GPU.
     */
    static Optional<String> skipReason(LibraryCheck driver, String expectGpu) {
        if (driver.loaded() || "1".equals(expectGpu)) {
            return Optional.empty();
        }
        String d = driver.detail();
        // libcuda.so.1 absent: the loader's message the first time, "Could not initialize class
        // jcuda.driver.JCudaDriver" on every later try in the same JVM
        boolean noDevice = d.contains(NativeLibraries.NO_DEVICE) || d.contains("CUDA_ERROR_NO_DEVICE")
                || d.contains("cannot open shared object file") || d.contains("Could not initialize class jcuda.driver");
        return noDevice ? Optional.of(driver.describe()) : Optional.empty();
    }
}
