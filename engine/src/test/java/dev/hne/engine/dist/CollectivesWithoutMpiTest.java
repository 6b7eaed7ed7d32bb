package dev.hne.engine.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import dev.hne.engine.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of the collectives that need no second process: environment, buckets, load failures. */
class CollectivesWithoutMpiTest {

    @Test
    void launcherVariablesGiveRankSizeAndLocalRank() {
        assertEquals(new LaunchEnvironment("Open MPI", 3, 8, 1), LaunchEnvironment.from(Map.of(
                "OMPI_COMM_WORLD_RANK", "3", "OMPI_COMM_WORLD_SIZE", "8", "OMPI_COMM_WORLD_LOCAL_RANK", "1")).get());
        assertEquals(new LaunchEnvironment("Slurm", 5, 64, 0), LaunchEnvironment.from(Map.of(
                "SLURM_PROCID", "5", "SLURM_NTASKS", "64")).get());
        assertTrue(LaunchEnvironment.from(Map.of("HOME", "/root")).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> LaunchEnvironment.from(Map.of(
                "SLURM_PROCID", "4", "SLURM_NTASKS", "4")));
    }

    /** Two "ranks" whose other half holds twice this rank's gradients: sum = 3 g, average = 1.5 g. */
    private static final class TwoRanksOtherDoubles implements Communicator {
        final List<Integer> calls = new ArrayList<>();
        public int rank() { return 0; }
        public int size() { return 2; }
        public void allreduceSum(float[] d, int off, int n) {
            calls.add(n);
            for (int k = off; k < off + n; k++) d[k] *= 3;
        }
        public void allreduceSum(double[] d) { throw new UnsupportedOperationException(); }
        public void broadcast(float[] d, int off, int n, int root) { throw new UnsupportedOperationException(); }
        public void barrier() {}
        public void abort(int code) { throw new IllegalStateException("abort " + code); }
        public void close() {}
    }

    @Test
    void gradientsAreAveragedInBucketsOfAtMostTheCap() {
        Parameter a = new Parameter(Tensor.zeros(3), Parameter.Kind.WEIGHT);
        Parameter b = new Parameter(Tensor.zeros(2), Parameter.Kind.BIAS);
        Parameter c = new Parameter(Tensor.zeros(4), Parameter.Kind.WEIGHT);
        a.value().setGrad(Tensor.of(new float[] {1, 2, 3}, 3));
        b.value().setGrad(Tensor.of(new float[] {4, 5}, 2));
        c.value().setGrad(Tensor.of(new float[] {2, 4, 6, 8}, 4));
        TwoRanksOtherDoubles comm = new TwoRanksOtherDoubles();
        new GradientAverager(comm, 5 * Float.BYTES).average(List.of(a, b, c));
        assertEquals(List.of(5, 4), comm.calls);   // {a, b} fill one 5-float bucket; c goes in the next
        assertArrayEquals(new float[] {1.5f, 3f, 4.5f}, a.grad().toArray());
        assertArrayEquals(new float[] {6f, 7.5f}, b.grad().toArray());
        assertArrayEquals(new float[] {3f, 6f, 9f, 12f}, c.grad().toArray());
    }

    @Test
    void missingLibrariesAreNamedInOneLine() {
        CollectiveException mpi = assertThrows(CollectiveException.class,
                () -> MpiLibrary.load(List.of("libmpi-not-here.so.99")));
        assertTrue(mpi.getMessage().contains("libmpi-not-here.so.99") && mpi.getMessage().contains("openmpi-bin"),
                mpi.getMessage());
        CollectiveException nccl = assertThrows(CollectiveException.class,
                () -> NcclLibrary.load(List.of("libnccl-not-here.so.2")));
        assertTrue(nccl.getMessage().startsWith("NCCL could not be loaded; tried libnccl-not-here.so.2"),
                nccl.getMessage());
        assertTrue(!mpi.getMessage().contains("\n") && !nccl.getMessage().contains("\n"));
    }
}
