package dev.hne.cli;

import dev.hne.engine.backend.Device;
import dev.hne.engine.backend.cuda.CudaUnavailableException;
import dev.hne.engine.dist.CollectiveException;
import dev.hne.engine.dist.Communicator;
import dev.hne.engine.dist.LaunchEnvironment;
import dev.hne.engine.dist.MpiCommunicator;
import dev.hne.engine.dist.NcclCommunicator;
import dev.hne.engine.dist.SingleProcess;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code ./hne train --distributed}: joins the job the launcher started (mpirun, srun), and makes
 * sure that a rank that fails takes the whole job down at once instead of leaving the others
 * waiting in their next all-reduce (docs/distributed.md, "When a rank dies").
 *
 * <pre>
 *   outside a launcher              exit 2, one line (no MPI library is even loaded)
 *   a user error on one rank        that rank prints its one line, then MPI_Abort(2): every rank ends
 *   any other exception             the rank prints the trace, then MPI_Abort(1)
 *   a rank killed (signal, OOM)     mpirun notices the lost process and kills the others itself
 * </pre>
 */
final class DistributedJob {

    private DistributedJob() {}

    /** The communicator of this process: MPI for the CPU, NCCL (bootstrapped over MPI) for CUDA. */
    static Communicator join(boolean distributed, Device device) {
        if (!distributed) {
            return new SingleProcess();
        }
        LaunchEnvironment env;
        try {
            env = LaunchEnvironment.detect().orElseThrow(() -> new UserException(LaunchEnvironment.missingMessage()));
        } catch (IllegalArgumentException e) {
            throw new UserException("--distributed: " + e.getMessage());
        }
        MpiCommunicator mpi;
        try {
            mpi = MpiCommunicator.init();
        } catch (CollectiveException e) {
            throw new UserException("--distributed: " + e.getMessage());
        }
        if (mpi.rank() != env.rank() || mpi.size() != env.size()) {
            // MPI and the launcher disagree (libmpi is not the launcher's MPI): continuing would pair the wrong shards
            System.err.println("hne train: --distributed: MPI says rank " + mpi.rank() + " of " + mpi.size() + ", the "
                    + env.launcher() + " launcher's variables " + env.rank() + " of " + env.size() + ": start the job with"
                    + " the launcher of the MPI library loaded (" + mpi.libraryVersion() + "); aborting the job");
            System.err.flush();
            mpi.abort(2);
        }
        if (device != Device.CUDA) {
            return mpi;
        }
        try {
            return NcclCommunicator.create(mpi);
        } catch (CollectiveException | CudaUnavailableException e) {
            abortWith(mpi, new PrintWriter(System.err, true), new UserException("--distributed --device cuda: "
                    + e.getMessage()));
            throw e;   // not reached: the job is aborted
        }
    }

    /**
     * Runs the training {@code body} as this rank. On success leaves the job (MPI_Finalize); on any
     * exception in a job of several ranks, reports it and aborts the job. One process: the exception
     * goes to the CLI's ordinary handler.
     */
    static int run(Communicator comm, PrintWriter err, Callable<Integer> body) throws Exception {
        if (comm.size() > 1) {
            Thread.setDefaultUncaughtExceptionHandler((thread, e) -> abortWith(comm, err, e));
        }
        int code;
        try {
            code = body.call();
        } catch (Exception | Error e) {
            if (comm.size() == 1) {
                throw e;
            }
            return abortWith(comm, err, e);
        }
        comm.close();
        return code;
    }

    private static int abortWith(Communicator comm, PrintWriter err, Throwable e) {
        String where = "hne train: rank " + comm.rank() + " of " + comm.size() + ": ";
        if (Main.isUserError(e)) {
            err.println(where + String.valueOf(e.getMessage()).replace('\n', ' ') + " (aborting the job)");
        } else {
            err.println(where + "internal error (a bug; please report it with this trace), aborting the job:");
            e.printStackTrace(err);
        }
        err.flush();
        comm.abort(Main.isUserError(e) ? Main.USER_ERROR : Main.INTERNAL_ERROR);
        return Main.INTERNAL_ERROR;   // not reached: abort does not return
    }
}
