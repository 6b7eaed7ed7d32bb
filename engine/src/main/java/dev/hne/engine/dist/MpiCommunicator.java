package dev.hne.engine.dist;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * A {@link Communicator} over MPI_COMM_WORLD of the MPI library itself (Open MPI or MPICH), for
 * gradients and statistics in host memory.
 *
 * <p>Each call copies the Java array into one reused native buffer, runs the collective in place
 * there, and copies the result back: two memcpy's of a 25 MB bucket cost a few milliseconds, small
 * next to moving it between processes (docs/distributed.md measures both).
 *
 * <p>Errors: MPI's default error handler (MPI_ERRORS_ARE_FATAL) already aborts the job on a failed
 * call; a non-zero return is still turned into an exception naming the call.
 */
public final class MpiCommunicator implements Communicator {

    private final MpiLibrary mpi;
    private final int rank;
    private final int size;
    private Memory scratch = new Memory(1 << 20);
    private boolean closed;

    private MpiCommunicator(MpiLibrary mpi) {
        this.mpi = mpi;
        int[] flag = new int[1];
        check(mpi.api.MPI_Initialized(flag), "MPI_Initialized");
        if (flag[0] == 0) {
            check(mpi.api.MPI_Init(null, null), "MPI_Init");
        }
        int[] value = new int[1];
        check(mpi.api.MPI_Comm_rank(mpi.handles.commWorld(), value), "MPI_Comm_rank");
        this.rank = value[0];
        check(mpi.api.MPI_Comm_size(mpi.handles.commWorld(), value), "MPI_Comm_size");
        this.size = value[0];
    }

    /**
     * Loads libmpi and joins the job (MPI_Init). The process must have been started by a launcher
     * (mpirun, srun); a lone process becomes a job of one ("singleton" MPI_Init).
     *
     * @throws CollectiveException when no MPI library can be loaded
     */
    public static MpiCommunicator init() {
        return new MpiCommunicator(MpiLibrary.load());
    }

    /** "Open MPI v4.1.4, ..." : the library's own version line. */
    public String libraryVersion() {
        return mpi.soname + ": " + mpi.version();
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void allreduceSum(float[] data, int offset, int count) {
        java.util.Objects.checkFromIndexSize(offset, count, data.length);
        Pointer buf = scratch((long) count * Float.BYTES);
        buf.write(0, data, offset, count);
        check(mpi.api.MPI_Allreduce(mpi.handles.inPlace(), buf, count, mpi.handles.floatType(), mpi.handles.sum(),
                mpi.handles.commWorld()), "MPI_Allreduce");
        buf.read(0, data, offset, count);
    }

    @Override
    public void allreduceSum(double[] data) {
        Pointer buf = scratch((long) data.length * Double.BYTES);
        buf.write(0, data, 0, data.length);
        check(mpi.api.MPI_Allreduce(mpi.handles.inPlace(), buf, data.length, mpi.handles.doubleType(),
                mpi.handles.sum(), mpi.handles.commWorld()), "MPI_Allreduce");
        buf.read(0, data, 0, data.length);
    }

    @Override
    public void broadcast(float[] data, int offset, int count, int root) {
        java.util.Objects.checkFromIndexSize(offset, count, data.length);
        Pointer buf = scratch((long) count * Float.BYTES);
        buf.write(0, data, offset, count);
        check(mpi.api.MPI_Bcast(buf, count, mpi.handles.floatType(), root, mpi.handles.commWorld()), "MPI_Bcast");
        buf.read(0, data, offset, count);
    }

    /** Root's bytes on every rank (the NCCL unique id travels this way). */
    void broadcast(byte[] data, int root) {
        Pointer buf = scratch(data.length);
        buf.write(0, data, 0, data.length);
        check(mpi.api.MPI_Bcast(buf, data.length, mpi.handles.byteType(), root, mpi.handles.commWorld()),
                "MPI_Bcast");
        buf.read(0, data, 0, data.length);
    }

    @Override
    public void barrier() {
        check(mpi.api.MPI_Barrier(mpi.handles.commWorld()), "MPI_Barrier");
    }

    @Override
    public void abort(int exitCode) {
        mpi.api.MPI_Abort(mpi.handles.commWorld(), exitCode);
        Runtime.getRuntime().halt(exitCode);   // MPI_Abort does not return; if it did, still never hang
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        int[] flag = new int[1];
        mpi.api.MPI_Finalized(flag);
        if (flag[0] == 0) {
            check(mpi.api.MPI_Finalize(), "MPI_Finalize");
        }
    }

    private Pointer scratch(long bytes) {
        if (scratch.size() < bytes) {
            scratch.close();
            scratch = new Memory(Math.max(bytes, 2 * scratch.size()));
        }
        return scratch;
    }

    private static void check(int code, String call) {
        if (code != 0) {
            throw new CollectiveException(call + " failed with MPI error code " + code);
        }
    }
}
