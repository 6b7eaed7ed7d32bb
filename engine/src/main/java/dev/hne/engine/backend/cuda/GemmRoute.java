package dev.hne.engine.backend.cuda;

/**
 * Which code runs the backend's matmul. cuBLAS needs CUDA 12's libcublas.so.12 (JCublas2 12.6 is
 * linked against it; cuBLAS 13 does not satisfy it), so on a machine with only CUDA 13 libraries the
 * GEMMs go to the custom tiled kernel (kernels/src/main/cuda/gemm.cu) instead, and the backend says so
 * once. Decided by {@link CudaSetup#decide}.
 */
public enum GemmRoute {
    CUBLAS("cuBLAS (cublasSgemm)"),
    GEMM_KERNEL("the custom tiled GEMM kernel gemm_f32 (slower than cuBLAS)");

    public final String description;

    GemmRoute(String description) {
        this.description = description;
    }
}
