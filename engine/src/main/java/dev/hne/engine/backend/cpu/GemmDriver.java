package dev.hne.engine.backend.cpu;

import static dev.hne.engine.backend.cpu.MicroKernel.MR;
import static dev.hne.engine.backend.cpu.MicroKernel.NR;

/**
 * The single-threaded blocked GEMM around {@link MicroKernel}: C(m,n) (+)= A(m,k) * op(B)(k,n),
 * row-major. A arrives already packed (so a convolution packs its weights once per call, not once
 * per image); B is packed here into NR-wide panels, slab by slab (KC rows at a time, so one panel,
 * KC x NR floats = 32 KB, stays in L1 while every A panel of the MC block streams past it from L2);
 * for a short k, where writing C costs more than the arithmetic, the tiles go row panel by row panel
 * instead ({@link #ROW_ORDER_MAX_K}).
 *
 * <p>{@link #multiply} always packs B, even when it could be read in place: packing reads B in
 * storage order, while an unpacked panel reads kc rows at a stride of ldb, which for the power-of-two
 * image sizes here (ldb = 256, 1024 floats) maps every row to the same L1 set and gives the
 * prefetchers kc separate streams. Measured on the 1x1 conv 64->16 at 32x32 (B row stride 1024):
 * 14 -> 36 GFLOP/s with packing, on a noisy shared machine. The fused GEMM with weights read in place
 * ({@link #multiplyRowsFused}) packs B too, except for layers of few rows, where a packed panel would
 * serve too few tiles to repay its copy ({@link #IN_PLACE_B_MAX_ROWS}, measured on another machine
 * and kernel than the figure above). Ragged rows of C go through a small tile buffer.
 * Not threaded: callers split columns or rows across threads.
 *
 * <p>Packed A layout: panels of MR rows, panel i at (i * MR * k); inside, A[i*MR + r][p] sits at
 * p * MR + r (zero for rows past m). So the slice for k-range [pc, pc+kc) of the panel starting at
 * row ir begins at ir * k + pc * MR.
 */
final class GemmDriver {

    /** Rows of B per slab: one packed B panel, KC x NR floats, fits in L1. */
    static final int KC = 256;
    /** Rows of A per block: MC x KC floats of packed A stay in L2. Multiple of MR. */
    static final int MC = 128;
    /** Columns of B per slab: KC x NC floats of packed B stay in L3. Multiple of NR. */
    static final int NC = 2048 / NR * NR;

    private GemmDriver() {}

    /** Floats needed to hold A(m,k) packed. */
    static int packedASize(int m, int k) {
        return ceilDiv(m, MR) * MR * k;
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * Packs A(m,k) into MR-row panels.
     *
     * @param a   A stored (m,k) with row stride lda, or (k,m) with row stride lda when transA
     * @param dst (ceil(m/MR)*MR*k) packed output from dstOff
     */
    static void packA(float[] a, int aOff, int lda, boolean transA, int m, int k, float[] dst, int dstOff) {
        packA(a, aOff, lda, transA, m, k, null, 0, dst, dstOff);
    }

    /**
     * As {@link #packA(float[], int, int, boolean, int, int, float[], int)}, with row i multiplied by
     * rowScale[scaleOff + i] on the way (null: no scaling). This is how inference folds a batch
     * norm's scale into convolution weights for free: the weights are copied here on every call anyway.
     */
    static void packA(float[] a, int aOff, int lda, boolean transA, int m, int k, float[] rowScale, int scaleOff,
                      float[] dst, int dstOff) {
        if (rowScale != null) {
            packScaledRows(a, aOff, lda, m, k, rowScale, scaleOff, dst, dstOff);
            return;
        }
        for (int i0 = 0; i0 < m; i0 += MR) {
            int mr = Math.min(MR, m - i0);
            int base = dstOff + i0 * k;
            if (transA) {
                // A(i,p) = a[p*lda + i]: the MR values of one k step are contiguous.
                for (int p = 0; p < k; p++) {
                    int src = aOff + p * lda + i0, d = base + p * MR;
                    for (int r = 0; r < mr; r++) dst[d + r] = a[src + r];
                    for (int r = mr; r < MR; r++) dst[d + r] = 0f;
                }
            } else {
                // A(i,p) = a[i*lda + p]: read each row sequentially, write it strided by MR.
                for (int r = 0; r < mr; r++) {
                    int src = aOff + (i0 + r) * lda, d = base + r;
                    for (int p = 0; p < k; p++) dst[d + p * MR] = a[src + p];
                }
                for (int r = mr; r < MR; r++) {
                    for (int p = 0; p < k; p++) dst[base + r + p * MR] = 0f;
                }
            }
        }
    }

    /** packA of a row-major A (not transposed) with each row scaled. */
    private static void packScaledRows(float[] a, int aOff, int lda, int m, int k, float[] rowScale, int scaleOff,
                                       float[] dst, int dstOff) {
        for (int i0 = 0; i0 < m; i0 += MR) {
            int mr = Math.min(MR, m - i0);
            int base = dstOff + i0 * k;
            for (int r = 0; r < mr; r++) {
                int src = aOff + (i0 + r) * lda, d = base + r;
                float sc = rowScale[scaleOff + i0 + r];
                for (int p = 0; p < k; p++) dst[d + p * MR] = a[src + p] * sc;
            }
            for (int r = mr; r < MR; r++) {
                for (int p = 0; p < k; p++) dst[base + r + p * MR] = 0f;
            }
        }
    }

    /**
     * Packs rows [pc, pc+kc) and columns [jc, jc+nc) of op(B) into ceil(nc/NR) NR-wide panels,
     * panel jp at jp * kc * NR holding B(pc+p, jc+jp*NR+j) at p * NR + j, zero padded. Reads B in
     * storage order (row by row), so a B far larger than the caches streams from memory at full speed.
     *
     * @param b    B stored (k,n) with row stride ldb, or (n,k) with row stride ldb when transB
     * @param slab (ceil(nc/NR), kc, NR) output
     */
    static void packB(float[] b, int bOff, int ldb, boolean transB, int pc, int kc, int jc, int nc, float[] slab) {
        int panels = ceilDiv(nc, NR), ragged = nc - (panels - 1) * NR;
        if (!transB) {
            for (int p = 0; p < kc; p++) {
                int src = bOff + (pc + p) * ldb + jc;
                for (int jp = 0; jp < panels; jp++) {
                    int d = jp * kc * NR + p * NR, nr = jp < panels - 1 ? NR : ragged;
                    System.arraycopy(b, src + jp * NR, slab, d, nr);
                    for (int j = nr; j < NR; j++) slab[d + j] = 0f;
                }
            }
        } else {
            // B(p,j) = b[j*ldb + p]: read each stored row sequentially, write it strided by NR.
            for (int j = 0; j < nc; j++) {
                int src = bOff + (jc + j) * ldb + pc, d = (j / NR) * kc * NR + j % NR;
                for (int p = 0; p < kc; p++) slab[d + p * NR] = b[src + p];
            }
            int d = (panels - 1) * kc * NR;
            for (int p = 0; p < kc; p++) {
                for (int j = ragged; j < NR; j++) slab[d + p * NR + j] = 0f;
            }
        }
    }

    /**
     * C[0:m, 0:n] (+)= A * op(B) on the calling thread.
     *
     * @param ap packed A (see class comment), all m rows and the full k, from apOff
     * @param b  B stored (k,n) with row stride ldb, or (n,k) with row stride ldb when transB
     * @param c  C (m,n) from cOff with row stride ldc
     * @param accumulate add to C instead of overwriting it
     */
    static void multiply(float[] ap, int apOff, int m, int n, int k,
                         float[] b, int bOff, int ldb, boolean transB,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        multiply(ap, apOff, m, n, k, b, bOff, ldb, transB, c, cOff, ldc, accumulate, null);
    }

    /**
     * As above, and then, when {@code epilogue} is not null, each finished MR x NR tile of C gets
     * the epilogue applied while it is still in L1 (see {@link Epilogue}); row i of C is epilogue row
     * i. With an epilogue, k must be > 0. C may be the epilogue's residual when k <= KC and not
     * accumulating: every tile reads its residual before it writes C there (a longer k sums slab by
     * slab in C, over the residual).
     */
    static void multiply(float[] ap, int apOff, int m, int n, int k,
                         float[] b, int bOff, int ldb, boolean transB,
                         float[] c, int cOff, int ldc, boolean accumulate, Epilogue epilogue) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
            return;
        }
        float[] tile = Scratch.get(Scratch.Slot.TILE, MR * NR);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int panels = ceilDiv(nc, NR);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean acc = accumulate || pc > 0;
                Epilogue finish = pc + kc == k ? epilogue : null;
                float[] slab = Scratch.get(Scratch.Slot.PACKED_B, panels * kc * NR);
                packB(b, bOff, ldb, transB, pc, kc, jc, nc, slab);
                for (int ic = 0; ic < m; ic += MC) {
                    int icEnd = Math.min(m, ic + MC);
                    int rowPanels = ceilDiv(icEnd - ic, MR);
                    for (int t = 0; t < rowPanels * panels; t++) {
                        int ir = ic + tileRow(t, rowPanels, panels, k) * MR;
                        int j0 = jc + tileColumn(t, rowPanels, panels, k) * NR;
                        multiplyTile(ap, apOff + ir * k + pc * MR, Math.min(MR, m - ir), kc, slab, (j0 - jc) * kc,
                                c, cOff + ir * ldc + j0, ldc, Math.min(NR, n - j0), acc, finish, ir, tile);
                    }
                }
            }
        }
    }

    /**
     * One mr x nr tile of C at co (rows from ir) from the packed A slice at ao and the packed B
     * panel at bo; {@code finish}, when not null, is the epilogue to apply (the tile's last slab).
     */
    private static void multiplyTile(float[] ap, int ao, int mr, int kc, float[] slab, int bo,
                                     float[] c, int co, int ldc, int nr, boolean acc, Epilogue finish, int ir,
                                     float[] tile) {
        if (mr == MR && nr == NR && finish != null && !acc) {
            // the epilogue in registers: C is written once, finished
            float[] res = finish.residual();
            int so = finish.shiftOff() + ir;
            if (res == null) {
                MicroKernel.multiplyStoreShift(kc, ap, ao, slab, bo, NR, c, co, ldc,
                        finish.shift(), so, finish.lo(), finish.hi());
            } else {
                MicroKernel.multiplyStoreShiftResidual(kc, ap, ao, slab, bo, NR, c, co, ldc,
                        finish.shift(), so, res, finish.lo(), finish.hi());
            }
            return;
        }
        if (mr == MR && nr == NR) {
            MicroKernel.multiply(kc, ap, ao, slab, bo, NR, c, co, ldc, acc);
        } else if (finish != null && !acc) {
            // a ragged tile finished in its buffer and stored once: C may be the residual (applyStore)
            MicroKernel.multiply(kc, ap, ao, slab, bo, NR, tile, 0, NR, false);
            finish.applyStore(tile, NR, c, co, ldc, ir, mr, nr);
            return;
        } else {
            MicroKernel.multiply(kc, ap, ao, slab, bo, NR, tile, 0, NR, false);
            for (int r = 0; r < mr; r++) {
                int cr = co + r * ldc, tr = r * NR;
                if (acc) {
                    for (int j = 0; j < nr; j++) c[cr + j] += tile[tr + j];
                } else {
                    System.arraycopy(tile, tr, c, cr, nr);
                }
            }
        }
        if (finish != null) {   // k > KC: on the tile just summed, still in L1
            finish.apply(c, co, ldc, ir, mr, nr);
        }
    }

    /**
     * Up to this reduction length k, both GEMMs walk C row panel by row panel, not column panel by
     * column panel: a tile then does so little arithmetic that writing C (and reading the residual) is
     * most of its cost, and MR rows read left to right are streams the prefetchers follow, where
     * column panel by column panel touches every row of C at once (m rows at a stride of ldc, far
     * more streams than they track). Measured on resnet-hne's 1x1 conv 16->64 with residual at 32x32,
     * batch 64, 2 threads of an AVX-512 Xeon: 4.7 -> 2.6 ms per call; at k >= 64 the column order,
     * which keeps one B panel in L1 for all of A, is as fast or faster.
     */
    static final int ROW_ORDER_MAX_K = 32;

    /** The row panel of the t-th tile of a rowPanels x colPanels block, in the order k asks for. */
    private static int tileRow(int t, int rowPanels, int colPanels, int k) {
        return k <= ROW_ORDER_MAX_K ? t / colPanels : t % rowPanels;
    }

    /** The column panel of the t-th tile; see {@link #tileRow}. */
    private static int tileColumn(int t, int rowPanels, int colPanels, int k) {
        return k <= ROW_ORDER_MAX_K ? t % colPanels : t / rowPanels;
    }

    /**
     * Up to this many rows (output channels) the fused GEMM reads B, the layer's input, in place for
     * whole column panels instead of packing it: with 2-4 row panels each packed panel is read only
     * that often, so the copy costs more than it saves. One layer on one thread, input rotating among
     * 8 buffers (docs/performance.md, "B read in place"), time in place / packed: 16 rows, k = 64 at
     * 32 x 32 0.80; 24, k = 144 at 28 x 28 0.81, at 56 x 56 0.96; 32, k = 128 at 16 x 16 0.83; with more
     * rows packing wins or ties: 48 rows 0.96-1.06, 64 rows (k = 256, 8 x 8) 1.03, 144 rows (k = 24) 1.30.
     * Pairs of panels are read in wide 4 x 64 tiles (four lines of each B row at once) unless B's rows
     * are a multiple of 1 KB apart (the power-of-two planes 16 x 16 and 32 x 32), whose rows crowd a few
     * of L1's sets: there the wide tiles were slower (0.86 against 0.75 of the packed time at 32 x 32,
     * 1.03 against 0.95 at 16 x 16), elsewhere faster (24 x 144: 0.75 against 0.84 at 28 x 28, 0.69
     * against 0.85 at 56 x 56).
     */
    static final int IN_PLACE_B_MAX_ROWS = 32;

    /**
     * The fused inference GEMM: C = clamp(scale[row] * (A * op(B)) + shift[row] (+ res), lo, hi)
     * with A (m, k) read in place from row-major storage (row stride lda), m a multiple of MR. The
     * whole k is one slab (inference convolutions have k of at most a few hundred, so a B panel still
     * fits in L2). Each pair of whole column panels is computed in wide 4 x 64 tiles
     * ({@link MicroKernel#multiplyRowsWideShift}: half the broadcasts per multiply-add, and each weight
     * read once per 64 columns, which at batch 1 on an 8 x 8 plane is once per call); a last single or
     * ragged panel in 8 x 32 tiles, column panel by column panel, or row panel by row panel when k is
     * small (see {@link #ROW_ORDER_MAX_K}). With at most {@link #IN_PLACE_B_MAX_ROWS} rows, the whole
     * column panels read B in place in 8 x 32 tiles, a column panel at a time, and only a ragged last
     * panel is packed. Every route gives the same bits.
     *
     * @param rowOff scale and shift of row i are at [rowOff + i]
     * @param res    same layout as C, or null
     */
    static void multiplyRowsFused(float[] a, int aOff, int lda, int m, int n, int k,
                                  float[] b, int bOff, int ldb, boolean transB,
                                  float[] c, int cOff, int ldc,
                                  float[] scale, float[] shift, int rowOff, float[] res, float lo, float hi) {
        if (m % MR != 0 || k <= 0) {
            throw new IllegalArgumentException("multiplyRowsFused needs m % " + MR + " == 0 and k > 0, got m=" + m
                    + ", k=" + k);
        }
        FusedRows rows = new FusedRows(a, aOff, lda, k, c, cOff, ldc, scale, shift, rowOff, res, lo, hi);
        int jc = 0;
        if (!transB && m <= IN_PLACE_B_MAX_ROWS) {
            // few row panels share each B panel: whole panels read B where it is, the ragged rest is packed
            // below; in wide tiles unless B's rows are a multiple of 1 KB apart (IN_PLACE_B_MAX_ROWS)
            int whole = n / NR * NR, wide = ldb % 256 == 0 ? 0 : n / (2 * NR) * 2 * NR;
            for (int j0 = 0; j0 < wide; j0 += 2 * NR) {
                for (int ir = 0; ir < m; ir += MicroKernel.WIDE_MR) rows.wideTile(ir, j0, b, bOff + j0, ldb, NR);
            }
            for (int j0 = wide; j0 < whole; j0 += NR) {
                for (int ir = 0; ir < m; ir += MR) rows.tile(ir, j0, b, bOff + j0, ldb);
            }
            jc = whole;
        }
        for (; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int panels = ceilDiv(nc, NR);
            float[] slab = Scratch.get(Scratch.Slot.PACKED_B, panels * k * NR);
            packB(b, bOff, ldb, transB, 0, k, jc, nc, slab);
            // pairs of whole panels in wide tiles (4 x 64), a pair at a time over all rows; the rest in 8 x 32 tiles
            int panelPairs = (nc / NR) / 2;
            for (int q = 0; q < panelPairs; q++) {
                for (int ir = 0; ir < m; ir += MicroKernel.WIDE_MR) {
                    rows.wideTile(ir, jc + 2 * q * NR, slab, 2 * q * k * NR);
                }
            }
            int rowPanels = m / MR, rest = panels - 2 * panelPairs;
            for (int t = 0; t < rowPanels * rest; t++) {
                int ir = tileRow(t, rowPanels, rest, k) * MR;
                int j0 = jc + (2 * panelPairs + tileColumn(t, rowPanels, rest, k)) * NR;
                rows.tile(ir, j0, n, slab, (j0 - jc) * k);
            }
        }
    }

    /** The arguments of one multiplyRowsFused call that every tile shares. */
    private record FusedRows(float[] a, int aOff, int lda, int k, float[] c, int cOff, int ldc,
                             float[] scale, float[] shift, int rowOff, float[] res, float lo, float hi) {

        /** The WIDE_MR x 2 NR tile of C at (ir, j0) from the two whole packed B panels from bo. */
        void wideTile(int ir, int j0, float[] panel, int bo) {
            wideTile(ir, j0, panel, bo, NR, k * NR);
        }

        /** The WIDE_MR x 2 NR tile of C at (ir, j0) from B at bo, row stride ldb, its second NR columns bHalf on. */
        void wideTile(int ir, int j0, float[] b, int bo, int ldb, int bHalf) {
            int ao = aOff + ir * lda, co = cOff + ir * ldc + j0;
            if (res == null) {
                MicroKernel.multiplyRowsWideShift(k, a, ao, lda, b, bo, ldb, bHalf, c, co, ldc, scale, shift,
                        rowOff + ir, lo, hi);
            } else {
                MicroKernel.multiplyRowsWideShiftResidual(k, a, ao, lda, b, bo, ldb, bHalf, c, co, ldc, scale,
                        shift, rowOff + ir, res, lo, hi);
            }
        }

        /**
         * The MR x NR tile of C at (ir, j0) from the packed B panel at bo; a ragged last column
         * panel (n - j0 < NR) goes through a tile, with the residual copied beside it.
         */
        void tile(int ir, int j0, int n, float[] panel, int bo) {
            int nr = Math.min(NR, n - j0), ao = aOff + ir * lda, co = cOff + ir * ldc + j0;
            if (nr == NR) {
                tile(ir, j0, panel, bo, NR);
                return;
            }
            float[] tile = Scratch.get(Scratch.Slot.TILE, MR * NR);
            if (res == null) {
                MicroKernel.multiplyRowsShift(k, a, ao, lda, panel, bo, NR, tile, 0, NR,
                        scale, shift, rowOff + ir, lo, hi);
            } else {   // laid out like the tile, as the kernel reads it at C's index
                float[] resTile = Scratch.get(Scratch.Slot.RESIDUAL_TILE, MR * NR);
                for (int r = 0; r < MR; r++) System.arraycopy(res, co + r * ldc, resTile, r * NR, nr);
                MicroKernel.multiplyRowsShiftResidual(k, a, ao, lda, panel, bo, NR, tile, 0, NR,
                        scale, shift, rowOff + ir, resTile, lo, hi);
            }
            for (int r = 0; r < MR; r++) System.arraycopy(tile, r * NR, c, co + r * ldc, nr);
        }

        /** The whole MR x NR tile of C at (ir, j0) from NR columns of B at bo, row stride ldb (NR for a packed panel). */
        void tile(int ir, int j0, float[] b, int bo, int ldb) {
            int ao = aOff + ir * lda, co = cOff + ir * ldc + j0;
            if (res == null) {
                MicroKernel.multiplyRowsShift(k, a, ao, lda, b, bo, ldb, c, co, ldc, scale, shift, rowOff + ir, lo, hi);
            } else {
                MicroKernel.multiplyRowsShiftResidual(k, a, ao, lda, b, bo, ldb, c, co, ldc, scale, shift, rowOff + ir,
                        res, lo, hi);
            }
        }
    }
}
