/*
 * A stub libcublas.so.12 for CudaStubJniTest. cublasSgemm really multiplies (column-major, on host
 * memory: see stub_cuda.c), so the row-major transpose trick in CudaBackend.matmul is checked by value.
 *   gcc -shared -fPIC -Wl,-soname,libcublas.so.12 -Wl,--version-script=libcublas.map -o libcublas.so.12 stub_cublas.c
 */
#include "stub_log.h"

int cublasCreate_v2(void **handle) { *handle = (void *)0xB1A5; stub_log("cublasCreate"); return 0; }
int cublasSetStream_v2(void *handle, void *stream) { stub_log("cublasSetStream %p", stream); return 0; }
int cublasGetVersion_v2(void *handle, int *version) { *version = 120405; return 0; }

int cublasSgemm_v2(void *handle, int transa, int transb, int m, int n, int k, const float *alpha, const float *A,
                   int lda, const float *B, int ldb, const float *beta, float *C, int ldc) {
    stub_log("cublasSgemm transa=%d transb=%d m=%d n=%d k=%d lda=%d ldb=%d ldc=%d alpha=%g beta=%g",
             transa, transb, m, n, k, lda, ldb, ldc, *alpha, *beta);
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
            float s = 0;
            for (int p = 0; p < k; p++) {
                float a = transa ? A[p + i * lda] : A[i + p * lda];
                float b = transb ? B[j + p * ldb] : B[p + j * ldb];
                s += a * b;
            }
            C[i + j * ldc] = *alpha * s + (*beta == 0 ? 0 : *beta * C[i + j * ldc]);
        }
    }
    return 0;
}
