package dev.hne.cli;

import dev.hne.engine.dist.LaunchEnvironment;

/**
 * The real command line as one rank of an {@code mpirun} job (DistributedTrainingTest): runs
 * {@code ./hne args...} through {@link Main#run} after replacing {@code {rank}} in every argument by
 * this process's rank. That gives each rank its own {@code --out} folder, as on machines that share
 * no file system, so the test can see what each rank wrote: rank 0 the run, the others nothing.
 */
public final class DistributedCliProbe {

    private DistributedCliProbe() {}

    public static void main(String[] args) {
        int rank = LaunchEnvironment.detect().orElseThrow().rank();
        String[] own = new String[args.length];
        for (int i = 0; i < args.length; i++) own[i] = args[i].replace("{rank}", Integer.toString(rank));
        System.exit(Main.run(own));
    }
}
