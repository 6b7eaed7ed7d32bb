// Global average pooling over HW of x(N*C, HW). CPU twin: CpuBackend.globalAvgPool / ...Backward.
// Forward: one block per (image, channel) row with a shared-memory reduction (rows are short,
// 8x8 = 64 for CIFAR, so a block of 64..256 threads covers a row in one or two steps).
// Backward: one thread per element of dx.
#include "common.cuh"

extern "C" __global__ void global_avg_pool_f32(const float* x, float* out, int rows, int hw) {
    extern __shared__ float scratch[];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* row = x + (long long)r * hw;
        float partial = 0.0f;
        for (int k = threadIdx.x; k < hw; k += blockDim.x) partial += row[k];
        float total = block_sum(partial, scratch);
        if (threadIdx.x == 0) out[r] = total / hw;
    }
}

extern "C" __global__ void global_avg_pool_backward_f32(const float* dy, float* dx, int rows, int hw) {
    long long total = (long long)rows * hw;
    FOR_EACH_INDEX(i, total) dx[i] = dy[i / hw] / hw;
}
