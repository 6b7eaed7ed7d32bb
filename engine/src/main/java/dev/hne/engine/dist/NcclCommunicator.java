package dev.hne.engine.dist;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.hne.engine.backend.Storage;
import dev.hne.engine.backend.cuda.CudaBackend;
import dev.hne.engine.backend.cuda.CudaPointers;
import java.util.List;

/**
 * GPU data parallelism: gradients on CUDA device buffers are averaged by NCCL, in place, without
 * passing through the host; everything else (rank, host arrays, barrier, abort) goes over the MPI
 * communicator that bootstrapped it.
 *
 * <pre>
 *   rank 0: ncclGetUniqueId(id)          every rank: MPI_Bcast(id, 128 bytes, root 0)
 *   every rank: ncclCommInitRank(&amp;comm, size, id, rank)       on the CUDA backend's device
 *   per step: ncclGroupStart; ncclAllReduce(g, g, n, float32, avg) for each gradient; ncclGroupEnd
 * </pre>
 *
 * Device and context: the CUDA backend runs in device 0's primary context, which is also the context
 * the CUDA runtime (and so NCCL) uses; with several GPUs per machine each rank sees one of them
 * through CUDA_VISIBLE_DEVICES (Slurm's --gpus-per-task sets it; docs/distributed.md). One rank
 * per GPU: NCCL refuses two ranks on one device.
 *
 * <p>Stream: the reductions are queued on the legacy default stream (NULL). The backend's stream is a
 * blocking stream, and the legacy default stream is ordered with every blocking stream of the
 * context, so the reduction runs after the backward kernels and before the optimizer's.
 */
public final class NcclCommunicator implements Communicator, DeviceCollectives {

    private final MpiCommunicator mpi;
    private final NcclLibrary nccl;
    private final Pointer comm;

    private NcclCommunicator(MpiCommunicator mpi, NcclLibrary nccl, Pointer comm) {
        this.mpi = mpi;
        this.nccl = nccl;
        this.comm = comm;
    }

    /**
     * Joins every rank of {@code mpi} into one NCCL communicator on the CUDA backend's device.
     *
     * @throws CollectiveException when NCCL cannot be loaded or initialised
     * @throws dev.hne.engine.backend.cuda.CudaUnavailableException when there is no usable GPU
     */
    public static NcclCommunicator create(MpiCommunicator mpi) {
        NcclLibrary nccl = NcclLibrary.load();
        CudaBackend.get();   // the device and its primary context first: fails with the CUDA reason, not NCCL's
        NcclLibrary.UniqueId.ByValue id = new NcclLibrary.UniqueId.ByValue();
        if (mpi.rank() == 0) {
            nccl.check(nccl.api.ncclGetUniqueId(id), "ncclGetUniqueId");
        }
        id.write();
        byte[] bytes = id.getPointer().getByteArray(0, NcclLibrary.UNIQUE_ID_BYTES);
        mpi.broadcast(bytes, 0);
        id.getPointer().write(0, bytes, 0, bytes.length);
        id.read();
        PointerByReference ref = new PointerByReference();
        nccl.check(nccl.api.ncclCommInitRank(ref, mpi.size(), id, mpi.rank()), "ncclCommInitRank");
        return new NcclCommunicator(mpi, nccl, ref.getValue());
    }

    /** "libnccl.so.2 2.21.5" */
    public String libraryVersion() {
        return nccl.soname + " " + nccl.version();
    }

    @Override
    public boolean holds(Storage storage) {
        return CudaPointers.isDevice(storage);
    }

    @Override
    public void allreduceAverage(List<Storage> buffers) {
        nccl.check(nccl.api.ncclGroupStart(), "ncclGroupStart");
        try {
            for (Storage s : buffers) {
                Pointer p = new Pointer(CudaPointers.address(s));
                nccl.check(nccl.api.ncclAllReduce(p, p, s.size(), NcclLibrary.FLOAT32, NcclLibrary.AVG, comm, null),
                        "ncclAllReduce");
            }
        } finally {
            nccl.check(nccl.api.ncclGroupEnd(), "ncclGroupEnd");
        }
    }

    /**
     * recv = the element-wise sum over ranks of send (both device buffers of one size), out of place.
     * Only the one-rank device check uses it: over one rank an in-place average changes nothing, so
     * only a copy into a zeroed buffer shows that NCCL really read and wrote our buffers.
     */
    void allreduceSum(Storage send, Storage recv) {
        if (send.size() != recv.size()) {
            throw new IllegalArgumentException("send has " + send.size() + " floats, recv " + recv.size());
        }
        nccl.check(nccl.api.ncclAllReduce(new Pointer(CudaPointers.address(send)), new Pointer(CudaPointers.address(recv)),
                send.size(), NcclLibrary.FLOAT32, NcclLibrary.SUM, comm, null), "ncclAllReduce");
    }

    @Override
    public int rank() {
        return mpi.rank();
    }

    @Override
    public int size() {
        return mpi.size();
    }

    @Override
    public void allreduceSum(float[] data, int offset, int count) {
        mpi.allreduceSum(data, offset, count);
    }

    @Override
    public void allreduceSum(double[] data) {
        mpi.allreduceSum(data);
    }

    @Override
    public void broadcast(float[] data, int offset, int count, int root) {
        mpi.broadcast(data, offset, count, root);
    }

    @Override
    public void barrier() {
        mpi.barrier();
    }

    @Override
    public void abort(int exitCode) {
        nccl.api.ncclCommAbort(comm);
        mpi.abort(exitCode);
    }

    @Override
    public void close() {
        nccl.check(nccl.api.ncclCommDestroy(comm), "ncclCommDestroy");
        mpi.close();
    }
}
