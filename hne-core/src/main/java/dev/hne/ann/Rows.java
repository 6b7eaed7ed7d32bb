package dev.hne.ann;

import dev.hne.engine.Tensor;

/** Picks rows (examples) of a batch tensor: the shrinking batch of adaptive evaluation. Not differentiable. */
final class Rows {

    private Rows() {}

    /**
     * @param x    (N, ...) any batch tensor
     * @param rows indices into axis 0
     * @return (rows.length, ...) a copy holding those rows, in that order
     */
    static Tensor select(Tensor x, int[] rows) {
        int[] shape = x.shape();
        int per = (int) (x.size() / shape[0]);
        float[] src = x.toArray();
        float[] dst = new float[rows.length * per];
        for (int i = 0; i < rows.length; i++) System.arraycopy(src, rows[i] * per, dst, i * per, per);
        shape[0] = rows.length;
        return Tensor.of(dst, shape).to(x.backend());
    }
}
