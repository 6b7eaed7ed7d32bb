package dev.hne.engine.backend.cuda;

import java.util.List;

/**
 * Decides, from what loaded, whether the CUDA backend can run and how. Pure logic (no JCuda calls)
 * so every case is unit-tested without a GPU (CudaSetupTest).
 *
 * <p>Required: the driver (libcuda.so.1, CUDA >= 12.0), the PTX kernels, cuDNN 9 (convolutions and
 * batch norm have no other implementation here). Optional: cuBLAS 12; without it matmul takes
 * {@link GemmRoute#GEMM_KERNEL}.
 */
public final class CudaSetup {

    /** How the backend will run; {@code notice} is the one line to print about the route taken. */
    public record Plan(GemmRoute gemm, String notice) {}

    private CudaSetup() {}

    /** @throws CudaUnavailableException naming the first required piece that is missing */
    public static Plan decide(LibraryCheck driver, LibraryCheck kernels, LibraryCheck cudnn, LibraryCheck cublas) {
        for (LibraryCheck required : List.of(driver, kernels, cudnn)) {
            if (!required.loaded()) {
                throw new CudaUnavailableException("CUDA backend unavailable: " + required.describe());
            }
        }
        if (cublas.loaded()) {
            return new Plan(GemmRoute.CUBLAS, "cuda: matmul through " + GemmRoute.CUBLAS.description);
        }
        return new Plan(GemmRoute.GEMM_KERNEL, "cuda: " + cublas.library() + " did not load (" + cublas.detail()
                + "); matmul through " + GemmRoute.GEMM_KERNEL.description);
    }
}
