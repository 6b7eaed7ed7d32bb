package dev.hne.ann;

import dev.hne.engine.dist.Communicator;
import java.util.Map;

/**
 * An exit weighting as one rank of a data-parallel job (docs/distributed.md): before the weighting
 * sees a step's exit losses, they are averaged over the ranks, so it sees the losses of the global
 * batch and every rank gets the same weights B_i.
 *
 * <pre>
 *   rank r's l_i      mean cross-entropy of exit i over r's local batch
 *   what it sees      (l_i^0 + ... + l_i^{R-1}) / R  = l_i of the global batch (equal local batches)
 * </pre>
 *
 * Why: AdaLoss keeps running averages of the losses and weights each exit by their inverse; fed
 * with local losses, the ranks' weights drift apart, the averaged gradient is then a mix of
 * different objectives, and nothing matches one process training on the global batch. One
 * all-reduce of S doubles per step (S = exits) costs microseconds.
 */
final class RankAveragedLosses implements ExitWeighting {

    private final ExitWeighting weighting;
    private final Communicator comm;

    RankAveragedLosses(ExitWeighting weighting, Communicator comm) {
        this.weighting = weighting;
        this.comm = comm;
    }

    @Override
    public double[] next(double[] exitLosses) {
        double[] global = exitLosses.clone();
        comm.allreduceSum(global);
        for (int i = 0; i < global.length; i++) {
            global[i] /= comm.size();
        }
        return weighting.next(global);
    }

    @Override
    public String cliName() {
        return weighting.cliName();
    }

    @Override
    public String label() {
        return weighting.label();
    }

    @Override
    public Map<String, String> state() {
        return weighting.state();
    }

    @Override
    public void loadState(Map<String, String> metadata) {
        weighting.loadState(metadata);
    }
}
