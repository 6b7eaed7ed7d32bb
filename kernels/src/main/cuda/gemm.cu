// Row-major C(M,N) = op(A)(M,K) * op(B)(K,N), the fallback GEMM for machines where cuBLAS 12
// (libcublas.so.12) cannot load, e.g. a CUDA 13-only install. cuBLAS is faster; this kernel
// exists so the backend still works there at a reasonable speed. CPU twin: CpuBackend.matmul.
// A is stored (M,K) or, when transA, (K,M); B is stored (K,N) or, when transB, (N,K).
//
// Versions (checked by the parity suite on a GPU, BackendOpsCudaParityTest#matmul, and on the host
// by CudaStubJniTest's emulation):
//   1. 16x16 shared-memory tiles, one output per thread (the textbook tiled GEMM). Its loads of a
//      transposed A and of an untransposed B ran across memory (stride M or N per thread), one
//      32-byte sector per float.
//   2. (this one) 64x64 tiles of C per block of 16x16 threads, a 4x4 patch of outputs per thread held
//      in registers, K in steps of 16. Each tile of op(A) and op(B) is loaded so that consecutive
//      threads read consecutive addresses whichever way the matrix is stored (the two loaders
//      below), and stored k-major in shared memory. A thread's outputs are strided by 16 (rows ty,
//      ty+16, ...; columns tx, tx+16, ...), so a warp reads 16 consecutive floats of Bs (no bank
//      conflicts) and writes 16 consecutive floats of C.
// The block walks tiles grid-stride in both directions, so any grid (the launcher caps gridDim.y at
// 65535, CUDA's limit) covers any M and N.
#include "common.cuh"

#define TILE 64       // rows and columns of C per block
#define TILE_K 16     // depth of one step
#define THREADS_X 16  // blockDim = (16, 16): 256 threads, each 4x4 outputs
#define PER_THREAD 4

// Loads op(X)[r0 .. r0+63][k0 .. k0+15] into S[k][r] (zero outside the matrix), X stored
// (rows, K) when !trans (contiguous along k) or (K, rows) when trans (contiguous along r).
__device__ inline void load_tile(const float* X, int trans, int rows, int K, int r0, int k0,
                                 float S[TILE_K][TILE + 1]) {
    int t = threadIdx.y * THREADS_X + threadIdx.x;   // 0..255
    for (int i = 0; i < PER_THREAD; i++) {
        int r, k;
        if (trans) {   // consecutive t: consecutive r, one 64-float row of X per 64 threads
            r = t % TILE;
            k = t / TILE + i * (256 / TILE);
        } else {       // consecutive t: consecutive k, 16 floats of a row of X
            k = t % TILE_K;
            r = t / TILE_K + i * (256 / TILE_K);
        }
        int gr = r0 + r, gk = k0 + k;
        float v = 0.0f;
        if (gr < rows && gk < K) {
            v = trans ? X[(long long)gk * rows + gr] : X[(long long)gr * K + gk];
        }
        S[k][r] = v;
    }
}

extern "C" __global__ void gemm_f32(const float* A, int transA, const float* B, int transB, float* C,
                                    int M, int N, int K) {
    __shared__ float As[TILE_K][TILE + 1];   // As[k][r] = op(A)[r0 + r][k0 + k]
    __shared__ float Bs[TILE_K][TILE + 1];   // Bs[k][c] = op(B)[k0 + k][c0 + c]
    int tx = threadIdx.x, ty = threadIdx.y;
    for (int r0 = blockIdx.y * TILE; r0 < M; r0 += gridDim.y * TILE) {
        for (int c0 = blockIdx.x * TILE; c0 < N; c0 += gridDim.x * TILE) {
            float acc[PER_THREAD][PER_THREAD] = {};
            for (int k0 = 0; k0 < K; k0 += TILE_K) {
                // op(B)[k][c] = transB ? B[c][k] : B[k][c]: the same loader with (rows = N) and
                // the storage sense flipped, because an untransposed B is contiguous along c.
                load_tile(A, transA, M, K, r0, k0, As);
                load_tile(B, !transB, N, K, c0, k0, Bs);
                __syncthreads();
                for (int k = 0; k < TILE_K; k++) {
                    float a[PER_THREAD], b[PER_THREAD];
                    for (int i = 0; i < PER_THREAD; i++) a[i] = As[k][ty + i * THREADS_X];
                    for (int j = 0; j < PER_THREAD; j++) b[j] = Bs[k][tx + j * THREADS_X];
                    for (int i = 0; i < PER_THREAD; i++)
                        for (int j = 0; j < PER_THREAD; j++) acc[i][j] += a[i] * b[j];
                }
                __syncthreads();
            }
            for (int i = 0; i < PER_THREAD; i++) {
                int row = r0 + ty + i * THREADS_X;
                for (int j = 0; j < PER_THREAD; j++) {
                    int col = c0 + tx + j * THREADS_X;
                    if (row < M && col < N) C[(long long)row * N + col] = acc[i][j];
                }
            }
        }
    }
}
