package dev.hne.engine.ops;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;
import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.RowRuns;

/**
 * Row gather along the batch axis (axis 0) of a tensor of any rank: {@code gather(x, [0, 3, 4])}
 * keeps samples 0, 3 and 4. Adaptive evaluation uses it to shrink a batch when some examples stop
 * early, so later stages compute only the examples that continue.
 *
 * <p>The forward is {@link Fusion#gatherRows}: one kernel launch where the backend is a
 * {@code RowGather} (CUDA), else one copy per run of consecutive rows (the CPU). The backward scatters the gradient rows back (adding, so
 * repeated rows sum) into zeros of x's shape with copyChannels, viewing x (N, ...) as one sample with
 * N "channels" of size(x) / N values each, one call per run of rows ({@link RowRuns}).
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
        Tensor y = Tensor.empty(x.backend(), shape);   // every row is written
        Fusion.gatherRows(x.backend(), x.storage(), rows, (int) (x.size() / n), y.storage());
        return Autograd.record(new Gather(x.shape(), rows), y, x);
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
            int n = inputShape[0], rowSize = (int) (dx.size() / n);
            Backend be = dy.backend();
            RowRuns.forEach(rows, (from, at, count) -> be.copyChannels(dy.storage(), rows.length, at, dx.storage(), n,
                    from, count, 1, rowSize, true));
            return new Tensor[] {dx};
        }

        @Override
        public String name() {
            return "gather_rows";
        }
    }
}
