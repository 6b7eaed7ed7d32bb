package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;
import dev.hne.engine.backend.Backend;

/**
 * Row gather along the batch axis (axis 0) of a tensor of any rank: {@code gather(x, [0, 3, 4])}
 * keeps samples 0, 3 and 4. Adaptive evaluation uses it to shrink a batch when some examples stop
 * early, so later stages compute only the examples that continue.
 *
 * <p>Built on the backend's copyChannels by viewing x (N, ...) as one sample with N "channels" of
 * size(x) / N values each; runs of consecutive rows are copied in one call. Its backward scatters
 * the gradient rows back (adding, so repeated rows sum) into zeros of x's shape.
 */
public final class Rows {

    private Rows() {}

    /** The rows {@code rows} of x (each in [0, N), any order, repeats allowed), in that order. */
    public static Tensor gather(Tensor x, int[] rows) {
        if (x.rank() < 1 || rows.length == 0) {
            throw new IllegalArgumentException("gather_rows: need a tensor of rank >= 1 and at least one row, got "
                    + x.shapeString() + " and " + rows.length + " rows");
        }
        int n = x.dim(0);
        for (int r : rows) {
            if (r < 0 || r >= n) {
                throw new IllegalArgumentException("gather_rows: row " + r + " is outside input " + x.shapeString());
            }
        }
        int[] shape = x.shape();
        shape[0] = rows.length;
        Tensor y = Tensor.zeros(x.backend(), shape);
        copyRuns(x.backend(), x, n, rows, y, rows.length, false, true);
        return Autograd.record(new Gather(x.shape(), rows), y, x);
    }

    /**
     * For each maximal run i..j of rows with rows[k+1] = rows[k] + 1: copies the run between
     * {@code a} row rows[i].. and {@code b} row i.. (forward: a -> b; backward: b -> a, accumulating).
     */
    private static void copyRuns(Backend be, Tensor a, int aRows, int[] rows, Tensor b, int bRows, boolean accumulate,
                                 boolean aToB) {
        int rowSize = (int) (a.size() / aRows);
        int i = 0;
        while (i < rows.length) {
            int j = i + 1;
            while (j < rows.length && rows[j] == rows[j - 1] + 1) j++;
            int count = j - i;
            if (aToB) {
                be.copyChannels(a.storage(), aRows, rows[i], b.storage(), bRows, i, count, 1, rowSize, accumulate);
            } else {
                be.copyChannels(b.storage(), bRows, i, a.storage(), aRows, rows[i], count, 1, rowSize, accumulate);
            }
            i = j;
        }
    }

    private static final class Gather extends Function {
        private final int[] inputShape;
        private final int[] rows;

        Gather(int[] inputShape, int[] rows) {
            this.inputShape = inputShape;
            this.rows = rows.clone();
        }

        @Override
        protected Tensor[] backward(Tensor dy) {
            Tensor dx = Tensor.zeros(dy.backend(), inputShape);   // zero for rows not gathered
            // accumulating: a row gathered twice (in two different runs) receives both gradients
            copyRuns(dy.backend(), dx, inputShape[0], rows, dy, rows.length, true, false);
            return new Tensor[] {dx};
        }

        @Override
        public String name() {
            return "gather_rows";
        }
    }
}
