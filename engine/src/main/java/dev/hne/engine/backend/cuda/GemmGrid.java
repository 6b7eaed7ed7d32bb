package dev.hne.engine.backend.cuda;

/**
 * The launch shape of the {@code gemm_f32} kernel (kernels/src/main/cuda/gemm.cu, version 2): one
 * block of 16x16 threads per 64x64 tile of C, the grid capped at CUDA's limits. The kernel walks
 * tiles grid-stride in both directions, so a capped grid still covers every tile (gridDim.y may be
 * at most 65535; x is capped at the same value, beyond which more blocks add nothing on any GPU).
 */
record GemmGrid(int x, int y) {

    /** Rows and columns of C per block; must match TILE in gemm.cu. */
    static final int TILE = 64;
    /** Threads per block in each direction; must match THREADS_X in gemm.cu. */
    static final int THREADS = 16;
    /** CUDA's limit on gridDim.y (and z). */
    static final int MAX_GRID = 65535;

    /** The grid for C of {@code m} rows and {@code n} columns (both >= 1). */
    static GemmGrid of(int m, int n) {
        if (m < 1 || n < 1) {
            throw new IllegalArgumentException("gemm_f32: C must be at least 1x1, got " + m + "x" + n);
        }
        return new GemmGrid(tiles(n), tiles(m));
    }

    private static int tiles(int size) {
        return (int) Math.min(MAX_GRID, ((long) size + TILE - 1) / TILE);
    }
}
