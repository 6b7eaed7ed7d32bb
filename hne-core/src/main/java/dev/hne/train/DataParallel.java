package dev.hne.train;

import dev.hne.datasets.Shard;
import dev.hne.engine.dist.Communicator;
import dev.hne.engine.dist.GradientAverager;
import dev.hne.engine.dist.SingleProcess;
import dev.hne.engine.dist.StateBroadcast;
import dev.hne.engine.nn.BatchNorm2d;
import dev.hne.engine.nn.Module;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Map;

/**
 * What the {@link Trainer} does differently when it is one of several processes of a data-parallel
 * job (docs/distributed.md); with one process ({@link #single()}) every hook does nothing.
 *
 * <pre>
 *   loader      each rank visits its {@link Shard} of the same seeded order, batch = global batch / ranks
 *   start       rank 0's weights and statistics are broadcast ({@link StateBroadcast})
 *   each step   backward; gradients averaged over ranks ({@link GradientAverager}); the same SGD update
 *   --sync-bn   every batch norm normalises with the statistics of the global batch
 *   outputs     rank 0 alone writes checkpoints, reports and logs
 *   --resume    only with the world size the checkpoint was written with
 * </pre>
 */
public final class DataParallel {

    /** Checkpoint metadata key of the number of ranks that wrote it (absent: 1). */
    public static final String WORLD_SIZE = "world_size";

    private final Communicator comm;
    private final boolean syncBatchNorm;
    private final GradientAverager averager;

    public DataParallel(Communicator comm, boolean syncBatchNorm) {
        this.comm = comm;
        this.syncBatchNorm = syncBatchNorm;
        this.averager = new GradientAverager(comm);
    }

    /** One process, local statistics: plain training. */
    public static DataParallel single() {
        return new DataParallel(new SingleProcess(), false);
    }

    public Communicator communicator() {
        return comm;
    }

    public int ranks() {
        return comm.size();
    }

    /** Whether this rank writes checkpoints, reports and logs. */
    public boolean writesOutputs() {
        return comm.writesOutputs();
    }

    /** This rank's part of every epoch. */
    public Shard shard() {
        return new Shard(comm.rank(), comm.size());
    }

    /**
     * This rank's batch for a global batch of {@code globalBatch} images.
     *
     * @throws IllegalArgumentException when the ranks cannot share it equally
     */
    public int localBatch(int globalBatch) {
        if (globalBatch % comm.size() != 0) {
            throw new IllegalArgumentException("--batch " + globalBatch + " is the global batch and must be a multiple"
                    + " of the " + comm.size() + " ranks");
        }
        return globalBatch / comm.size();
    }

    /** Before the first step: the same starting point on every rank, and batch norms joined if asked. */
    public void prepare(Module model) {
        StateBroadcast.fromRankZero(comm, model);
        if (syncBatchNorm && comm.size() > 1) {
            joinBatchNorms(model);
        }
    }

    private void joinBatchNorms(Module m) {
        if (m instanceof BatchNorm2d bn) {
            bn.synchronizeStatistics(comm);
        }
        m.children().values().forEach(this::joinBatchNorms);
    }

    /** Between backward and the optimizer step. */
    public void averageGradients(Module model) {
        averager.average(model.namedParameters().values());
    }

    /** Sums {@code values} over the ranks (per-epoch loss and accuracy counts; one call). */
    public void sum(double[] values) {
        comm.allreduceSum(values);
    }

    /**
     * Whether {@code flag} holds on any rank: a stop request that reached one rank stops every rank
     * at the same step. One all-reduce of one number per call with several ranks, none with one.
     */
    public boolean anyRank(boolean flag) {
        if (comm.size() == 1) {
            return flag;
        }
        double[] v = {flag ? 1 : 0};
        comm.allreduceSum(v);
        return v[0] > 0;
    }

    /** What this rank's checkpoints record about the job. */
    public Map<String, String> checkpointMetadata() {
        return Map.of(WORLD_SIZE, Integer.toString(comm.size()));
    }

    /**
     * @throws Checkpoints.CheckpointException when the checkpoint was written by another number of ranks
     */
    public void checkResume(Checkpoints.Loaded c) {
        int had = Integer.parseInt(c.metadata().getOrDefault(WORLD_SIZE, "1"));
        if (had != comm.size()) {
            throw new Checkpoints.CheckpointException(c.file() + ": written by a job of " + had + " process"
                    + (had == 1 ? "" : "es") + ", but this one has " + comm.size()
                    + " (resume with the same number of ranks, or use another --out)");
        }
    }

    /** {@code w} on rank 0, a writer that drops everything on the other ranks. */
    public PrintWriter onRankZero(PrintWriter w) {
        return writesOutputs() ? w : new PrintWriter(Writer.nullWriter());
    }
}
