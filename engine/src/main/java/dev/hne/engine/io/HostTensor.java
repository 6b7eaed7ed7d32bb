package dev.hne.engine.io;

import java.util.Arrays;

/**
 * A float32 tensor held in host memory: a shape and its elements in row-major (C) order. This is
 * what checkpoints are read into and written from.
 *
 * <p>It is not a {@code Tensor}: no backend, no strides, no autograd. The arrays are not copied
 * (checkpoints can be large), so the caller must not change them while another party holds the
 * record. A scalar has shape {@code []} and one element; a dimension of 0 gives an empty tensor.
 *
 * @param shape sizes per dimension, each >= 0
 * @param data  the elements, {@code data.length == product(shape)}
 */
public record HostTensor(int[] shape, float[] data) {

    public HostTensor {
        if (shape == null || data == null) {
            throw new IllegalArgumentException("HostTensor: shape and data must not be null");
        }
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("HostTensor: negative dimension " + dim + " in shape " + Arrays.toString(shape));
            }
        }
        long count = elementCount(shape);
        if (count != data.length) {
            throw new IllegalArgumentException("HostTensor: shape " + Arrays.toString(shape) + " needs "
                    + (count == Long.MAX_VALUE ? "at least " + Long.MAX_VALUE : count) + " elements but data has " + data.length);
        }
    }

    /** A rank-0 tensor holding one value. */
    public static HostTensor scalar(float value) {
        return new HostTensor(new int[0], new float[] {value});
    }

    /** The number of elements, the product of the shape (1 for a scalar). */
    public int numel() {
        return data.length;
    }

    // Records compare arrays by reference; a checkpoint value is compared by content.
    @Override
    public boolean equals(Object o) {
        return o instanceof HostTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "HostTensor" + Arrays.toString(shape) + (data.length <= 8 ? Arrays.toString(data) : "(" + data.length + " elements)");
    }

    /**
     * Product of the dims (all >= 0) as a long, saturating at Long.MAX_VALUE so that a hostile
     * shape can be reported instead of overflowing. Any zero dim makes the product 0.
     */
    static long elementCount(int[] shape) {
        for (int dim : shape) {
            if (dim == 0) {
                return 0;
            }
        }
        long count = 1;
        for (int dim : shape) {
            if (count > Long.MAX_VALUE / dim) {
                return Long.MAX_VALUE;
            }
            count *= dim;
        }
        return count;
    }
}
