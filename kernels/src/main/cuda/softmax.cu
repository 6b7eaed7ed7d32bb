// Softmax and log-softmax over the last axis of x(R, K), one block per row, computed stably
// (subtract the row maximum before exp). CPU twin: CpuBackend.softmax / softmaxBackward.
// out may alias x: every thread reads its elements of the row before any is written (the max and
// the sum are reduced first, and the write loop reads x[k] just before writing out[k]).
#include "common.cuh"

extern "C" __global__ void softmax_f32(const float* x, float* out, int rows, int cols, int logMode) {
    extern __shared__ float scratch[];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* in = x + (long long)r * cols;
        float* o = out + (long long)r * cols;
        float m = -INFINITY;
        for (int k = threadIdx.x; k < cols; k += blockDim.x) m = fmaxf(m, in[k]);
        float rowMax = block_max(m, scratch);
        float s = 0.0f;
        for (int k = threadIdx.x; k < cols; k += blockDim.x) s += expf(in[k] - rowMax);
        float sum = block_sum(s, scratch);
        if (logMode) {
            float logSum = logf(sum) + rowMax;
            for (int k = threadIdx.x; k < cols; k += blockDim.x) o[k] = in[k] - logSum;
        } else {
            for (int k = threadIdx.x; k < cols; k += blockDim.x) o[k] = expf(in[k] - rowMax) / sum;
        }
    }
}

// softmax:     dx = y * (dy - sum(dy * y))
// log-softmax: dx = dy - exp(y) * sum(dy)
extern "C" __global__ void softmax_backward_f32(const float* y, const float* dy, float* dx, int rows, int cols,
                                                int logMode) {
    extern __shared__ float scratch[];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        long long base = (long long)r * cols;
        float d = 0.0f;
        for (int k = threadIdx.x; k < cols; k += blockDim.x) d += logMode ? dy[base + k] : dy[base + k] * y[base + k];
        float dot = block_sum(d, scratch);
        for (int k = threadIdx.x; k < cols; k += blockDim.x) {
            float yk = y[base + k], g = dy[base + k];
            dx[base + k] = logMode ? g - expf(yk) * dot : yk * (g - dot);
        }
    }
}
