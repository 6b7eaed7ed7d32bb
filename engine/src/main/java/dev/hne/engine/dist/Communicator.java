package dev.hne.engine.dist;

/**
 * The collectives data-parallel training needs, over the processes of one job (docs/distributed.md).
 *
 * <p>Every call is collective: all ranks make the same calls in the same order with arrays of the
 * same length, and each call returns only when this rank's part is done. Reductions are in place,
 * and every rank receives the same bits (so parameters updated from them stay identical).
 *
 * <p>Implementations: {@link SingleProcess} (one rank: every collective is the identity),
 * {@link MpiCommunicator} (libmpi through JNA, host arrays) and {@link NcclCommunicator} (libnccl on
 * CUDA device buffers, bootstrapped over MPI). Not a general MPI binding: no point-to-point, no
 * sub-communicators, only float and double sums.
 */
public interface Communicator extends AutoCloseable {

    /** This process's rank, 0 .. size-1; rank 0 is the one that writes files. */
    int rank();

    /** The number of processes in the job (the world size). */
    int size();

    /** data[offset .. offset+count) = the element-wise sum of every rank's data[offset .. offset+count). */
    void allreduceSum(float[] data, int offset, int count);

    /** The same for doubles (batch-norm statistics are summed in double). */
    void allreduceSum(double[] data);

    /** data[offset .. offset+count) = root's data[offset .. offset+count) on every rank. */
    void broadcast(float[] data, int offset, int count, int root);

    /** Returns when every rank has called it. */
    void barrier();

    /**
     * Ends the whole job at once with {@code exitCode} (MPI_Abort): what a rank calls when it cannot
     * go on, so the others do not wait forever in their next collective. Does not return.
     */
    void abort(int exitCode);

    /** Leaves the job cleanly (MPI_Finalize); every rank calls it once, at the end. */
    @Override
    void close();

    default void allreduceSum(float[] data) {
        allreduceSum(data, 0, data.length);
    }

    default void broadcast(float[] data, int root) {
        broadcast(data, 0, data.length, root);
    }

    /** Whether this rank writes checkpoints, reports and logs (rank 0 alone). */
    default boolean writesOutputs() {
        return rank() == 0;
    }
}
