package dev.hne.engine.backend.cpu;

/**
 * Per-thread scratch buffers for the CPU kernels (packed GEMM panels, im2col columns, edge tiles),
 * reused across calls so a training step does not allocate megabytes per convolution.
 *
 * <p>Not a memory pool: a buffer only grows, is never shared between threads, and its contents are
 * garbage on entry. Each user takes its own {@link Slot}, so a kernel that holds one buffer while
 * calling another kernel on the same thread does not have it overwritten.
 */
final class Scratch {

    /** Who owns a buffer. Two live buffers on one thread must have different slots. */
    enum Slot {
        /** The packed A operand of a GEMM (weights of a convolution), held by the calling thread. */
        PACKED_A,
        /** A packed A operand built inside a worker task (backward-filter packs dy per image). */
        TASK_A,
        /** A packed slab of the B operand, inside the GEMM driver. */
        PACKED_B,
        /** im2col columns, or the column gradient before col2im. */
        COLUMNS,
        /** One MR x NR micro-tile for the ragged edges of C. */
        TILE,
        /** The residual beside a ragged micro-tile of a fused inference GEMM. */
        RESIDUAL_TILE,
        /** A zero-padded image plane (depthwise kernels). */
        PLANE,
        /** A plane whose last vector is partial, padded to whole vectors (depthwise kernels). */
        PARTIAL_PLANE
    }

    private static final ThreadLocal<float[][]> BUFFERS =
            ThreadLocal.withInitial(() -> new float[Slot.values().length][0]);

    private Scratch() {}

    /** A buffer of at least {@code size} floats for this thread and slot; contents are unspecified. */
    static float[] get(Slot slot, int size) {
        float[][] mine = BUFFERS.get();
        float[] buf = mine[slot.ordinal()];
        if (buf.length < size) {
            // Grow by a quarter more than asked, so a slowly growing size does not reallocate each call.
            buf = new float[(int) Math.min(Integer.MAX_VALUE - 8, size + (long) size / 4)];
            mine[slot.ordinal()] = buf;
        }
        return buf;
    }
}
