package dev.hne.engine.backend.cpu;

/**
 * Row-major single-precision GEMM on the CPU: C(M,N) = op(A)(M,K) * op(B)(K,N), C overwritten.
 * A is stored (M,K) with row stride lda, or (K,M) when transA; B is (K,N) or (N,K) when transB.
 *
 * <p>PLACEHOLDER: a straightforward loop nest, to be replaced by the register-blocked Vector API
 * kernel. Keep the signature.
 */
public final class CpuGemm {

    private CpuGemm() {}

    public static void matmul(float[] a, int aOffset, boolean transA, float[] b, int bOffset, boolean transB,
                              float[] c, int cOffset, int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOffset + p * m + i] : a[aOffset + i * k + p];
                    float bv = transB ? b[bOffset + j * k + p] : b[bOffset + p * n + j];
                    sum += av * bv;
                }
                c[cOffset + i * n + j] = sum;
            }
        }
    }
}
