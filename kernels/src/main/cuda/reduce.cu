// Broadcast and reduce over the middle axis of a tensor viewed as (outer, mid, inner):
// a per-channel bias of NCHW is (N, C, HW), a per-feature bias of (N, F) is (N, F, 1), a total sum
// is (1, size, 1). CPU twin: CpuBackend.addBias / sumMiddle.
// Versions: add_bias is one thread per element. sum_middle is one block per output element with a
// shared-memory tree reduction (the naive one-thread-per-output loop is slow when outer*inner is
// small, e.g. the total sum of a loss, which is exactly when it is used).
#include "common.cuh"

// out[o, m, i] = x[o, m, i] + bias[m]
extern "C" __global__ void add_bias_f32(const float* x, const float* bias, float* out, int outer, int mid, int inner) {
    long long total = (long long)outer * mid * inner;
    FOR_EACH_INDEX(i, total) out[i] = x[i] + bias[(i / inner) % mid];
}

// out[o, i] = sum over m of x[o, m, i]. Launch: one block per output (grid = outer*inner, capped;
// the block loop below covers the rest), blockDim a power of two, blockDim floats of shared memory.
extern "C" __global__ void sum_middle_f32(const float* x, float* out, int outer, int mid, int inner) {
    extern __shared__ float scratch[];
    long long outputs = (long long)outer * inner;
    for (long long j = blockIdx.x; j < outputs; j += gridDim.x) {
        long long o = j / inner, i = j % inner;
        const float* column = x + o * mid * inner + i;   // elements m*inner apart
        float partial = 0.0f;
        for (int m = threadIdx.x; m < mid; m += blockDim.x) partial += column[(long long)m * inner];
        float total = block_sum(partial, scratch);
        if (threadIdx.x == 0) out[j] = total;
    }
}
