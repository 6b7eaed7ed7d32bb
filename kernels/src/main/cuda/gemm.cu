// Row-major C(M,N) = op(A)(M,K) * op(B)(K,N), the fallback GEMM for machines where cuBLAS 12
// (libcublas.so.12) cannot load, e.g. a CUDA 13-only install. cuBLAS is much faster; this kernel
// exists so the backend still works. CPU twin: CpuBackend.matmul.
// A is stored (M,K) or, when transA, (K,M); B is stored (K,N) or, when transB, (N,K).
// Version 1 (this one): 16x16 shared-memory tiles, one output per thread (the textbook tiled GEMM).
#include "common.cuh"

#define TILE 16

extern "C" __global__ void gemm_f32(const float* A, int transA, const float* B, int transB, float* C,
                                    int M, int N, int K) {
    __shared__ float As[TILE][TILE];
    __shared__ float Bs[TILE][TILE + 1];   // +1: no bank conflicts when a transposed B is read
    int row = blockIdx.y * TILE + threadIdx.y;   // of C
    int col = blockIdx.x * TILE + threadIdx.x;
    float acc = 0.0f;
    for (int k0 = 0; k0 < K; k0 += TILE) {
        int ka = k0 + threadIdx.x;           // this thread loads op(A)[row, ka]
        int kb = k0 + threadIdx.y;           // and op(B)[kb, col]
        As[threadIdx.y][threadIdx.x] = (row < M && ka < K)
                ? (transA ? A[(long long)ka * M + row] : A[(long long)row * K + ka]) : 0.0f;
        Bs[threadIdx.y][threadIdx.x] = (kb < K && col < N)
                ? (transB ? B[(long long)col * K + kb] : B[(long long)kb * N + col]) : 0.0f;
        __syncthreads();
        for (int t = 0; t < TILE; t++) acc += As[threadIdx.y][t] * Bs[t][threadIdx.x];
        __syncthreads();
    }
    if (row < M && col < N) C[(long long)row * N + col] = acc;
}
