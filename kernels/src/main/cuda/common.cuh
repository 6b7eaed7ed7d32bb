// Shared helpers for the hne kernels. Included by every .cu file; not compiled on its own.
//
// Conventions (all files): float32 data, contiguous, NCHW. Sizes are int (a tensor never exceeds
// 2^31 floats, the same limit as the CPU backend's Java arrays). Entry points are extern "C" and
// named <root>_f32 so the Java side can build the symbol name from an enum constant.
#pragma once

// A grid-stride loop: correct for any grid size, so the launcher may cap the grid.
#define FOR_EACH_INDEX(i, n) \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
         i += (long long)blockDim.x * gridDim.x)

// Sums v over the block. Every thread must call it; the result is valid in every thread.
// scratch must hold blockDim.x floats; blockDim.x must be a power of two.
__device__ inline float block_sum(float v, float* scratch) {
    scratch[threadIdx.x] = v;
    __syncthreads();
    for (unsigned s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) scratch[threadIdx.x] += scratch[threadIdx.x + s];
        __syncthreads();
    }
    float total = scratch[0];
    __syncthreads();   // scratch may be reused right after
    return total;
}

// Like block_sum, for the maximum.
__device__ inline float block_max(float v, float* scratch) {
    scratch[threadIdx.x] = v;
    __syncthreads();
    for (unsigned s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) scratch[threadIdx.x] = fmaxf(scratch[threadIdx.x], scratch[threadIdx.x + s]);
        __syncthreads();
    }
    float total = scratch[0];
    __syncthreads();
    return total;
}
