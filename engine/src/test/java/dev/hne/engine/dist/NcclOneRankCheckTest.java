package dev.hne.engine.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.backend.Storage;
import dev.hne.engine.backend.cuda.CudaBackend;
import dev.hne.engine.backend.cuda.CudaParity;
import dev.hne.engine.backend.cuda.CudaPresence;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * NCCL on a GPU, as far as one GPU allows (NCCL refuses two ranks on one device): a job of one
 * rank, bootstrapped over MPI exactly as {@code --distributed --device cuda} does (the unique id
 * broadcast, ncclCommInitRank), reducing buffers allocated by OUR CUDA backend.
 *
 * <pre>
 *   in place, the trainer's call   allreduceAverage([a, b]) over 1 rank   a, b unchanged, bit for bit
 *   out of place                   sum of a into a zeroed buffer          = a, bit for bit
 * </pre>
 * The second shows NCCL really read and wrote our device pointers (an in-place average over one rank
 * would look the same if NCCL did nothing); reading the results back through the backend's stream,
 * with no synchronisation in between, checks the stream ordering NcclCommunicator relies on.
 *
 * <p>Skips, with the reason, where there is no GPU (every machine without one), no NCCL or no MPI.
 * On a GPU machine: {@code bundle/src/bin/hne-nccl-check} runs this test alone and fails when it
 * did not pass (docs/distributed.md).
 */
class NcclOneRankCheckTest {

    @Test
    void oneRankAllReducesOurDeviceBuffers() {
        CudaPresence.skipReason().ifPresent(why -> Assumptions.abort("no GPU here, the NCCL check did not run: " + why));
        CudaBackend cuda = CudaParity.backendOrSkip();   // a GPU that cannot start fails here
        try {
            NcclLibrary.load();
        } catch (CollectiveException e) {
            Assumptions.abort("a GPU but no NCCL, the NCCL check did not run: " + e.getMessage());
        }
        MpiCommunicator mpi;
        try {
            mpi = MpiCommunicator.init();   // under mpirun -np 1, or a singleton MPI_Init
        } catch (CollectiveException e) {
            Assumptions.abort("no MPI to bootstrap NCCL, the NCCL check did not run: " + e.getMessage());
            return;
        }
        try (NcclCommunicator nccl = NcclCommunicator.create(mpi)) {
            System.out.println("NCCL check with " + nccl.libraryVersion() + ", " + mpi.libraryVersion());
            assertEquals(1, nccl.size());
            Random rng = new Random(17);
            float[] a = CudaParity.randn(rng, 1 << 20), b = CudaParity.randn(rng, 1000);   // 4 MB and an odd size
            Storage da = cuda.upload(a), db = cuda.upload(b);
            assertTrue(nccl.holds(da), "a CUDA storage is not recognised as a device buffer");

            nccl.allreduceAverage(List.of(da, db));
            assertArrayEquals(a, cuda.download(da), 0f, "in-place average over one rank changed the buffer");
            assertArrayEquals(b, cuda.download(db), 0f, "in-place average over one rank changed the buffer");

            Storage recv = cuda.upload(new float[a.length]);
            nccl.allreduceSum(da, recv);
            assertArrayEquals(a, cuda.download(recv), 0f, "out-of-place sum over one rank is not the input");
        }
    }
}
