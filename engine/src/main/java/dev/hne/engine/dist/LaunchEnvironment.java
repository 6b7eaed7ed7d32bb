package dev.hne.engine.dist;

import java.util.Map;
import java.util.Optional;

/**
 * Where this process sits in a job, read from the variables the launcher sets:
 *
 * <pre>
 *   launcher          rank                     world size               local rank (GPU to use)
 *   Open MPI mpirun   OMPI_COMM_WORLD_RANK     OMPI_COMM_WORLD_SIZE     OMPI_COMM_WORLD_LOCAL_RANK
 *   Slurm srun        SLURM_PROCID             SLURM_NTASKS             SLURM_LOCALID
 *   MPICH / Hydra     PMI_RANK                 PMI_SIZE                 MPI_LOCALRANKID
 * </pre>
 *
 * The first family that has both rank and size wins; a missing local rank is 0. Nothing here talks
 * to MPI: the trainer uses it to refuse --distributed outside a launcher before loading libmpi.
 *
 * @param launcher which family was found ("Open MPI", "Slurm", "MPICH")
 */
public record LaunchEnvironment(String launcher, int rank, int size, int localRank) {

    private record Family(String launcher, String rank, String size, String localRank) {}

    private static final Family[] FAMILIES = {
        new Family("Open MPI", "OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_LOCAL_RANK"),
        new Family("Slurm", "SLURM_PROCID", "SLURM_NTASKS", "SLURM_LOCALID"),
        new Family("MPICH", "PMI_RANK", "PMI_SIZE", "MPI_LOCALRANKID"),
    };

    public LaunchEnvironment {
        if (size < 1 || rank < 0 || rank >= size || localRank < 0) {
            throw new IllegalArgumentException(launcher + " environment gives rank " + rank + " of " + size
                    + " (local rank " + localRank + ")");
        }
    }

    /** This process's place, from the real environment; empty when no launcher started it. */
    public static Optional<LaunchEnvironment> detect() {
        return from(System.getenv());
    }

    /** The same from any map of variables (tests). */
    public static Optional<LaunchEnvironment> from(Map<String, String> env) {
        for (Family f : FAMILIES) {
            String rank = env.get(f.rank()), size = env.get(f.size());
            if (rank == null || size == null) {
                continue;
            }
            try {
                String local = env.getOrDefault(f.localRank(), "0");
                return Optional.of(new LaunchEnvironment(f.launcher(), Integer.parseInt(rank.trim()),
                        Integer.parseInt(size.trim()), Integer.parseInt(local.trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(f.launcher() + " environment: " + f.rank() + "=" + rank + ", "
                        + f.size() + "=" + size + " are not numbers");
            }
        }
        return Optional.empty();
    }

    /** The one line --distributed prints when no launcher started the process. */
    public static String missingMessage() {
        return "--distributed needs a launcher: run it as 'mpirun -np N ./hne train ... --distributed' or under "
                + "srun (none of OMPI_COMM_WORLD_RANK, SLURM_PROCID, PMI_RANK is set)";
    }
}
