package dev.hne.cascade;

import dev.hne.datasets.Batch;
import dev.hne.datasets.DataLoader;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.ops.Rows;
import dev.hne.policy.ComputeCpuTime;
import dev.hne.policy.Outcome;
import java.util.Arrays;
import java.util.List;

/**
 * A cascade run on a split with a selection policy, MEASURED: per batch, network by network in
 * order, each network computes only the rows that were sent to it (a gathered sub-batch), and
 * each row is charged the MMACs of the networks it went through. Like the early-exit
 * {@link dev.hne.policy.AdaptiveEvaluator}, it reports the accuracy, the average MMACs, and the
 * wall-clock and CPU time ({@link ComputeCpuTime}) per image of the whole loop (networks, features, policy; not
 * data loading).
 *
 * <pre>
 *   to[1] = every row
 *   for m = 1..M:
 *     answers = network m on x[to[m]]                (its own early exit inside, if it has one)
 *     for each row: EXIT -> scored;  NEXT -> to[m+1];  JUMP -> to[m+2]   (network M: EXIT)
 * </pre>
 */
public final class CascadeEvaluator {

    private final List<CascadeNetwork> networks;

    /** Answers with the network it starts at. */
    private static final SelectionPolicy ALWAYS_EXIT = new SelectionPolicy() {
        @Override
        public Action decide(dev.hne.policy.StageFeatures features) {
            return Action.EXIT;
        }

        @Override
        public String label() {
            return "alone";
        }
    };

    public CascadeEvaluator(List<CascadeNetwork> networks) {
        this.networks = List.copyOf(networks);
    }

    /** The whole split with the policy, every image starting at network 1. */
    public Outcome evaluate(DataLoader loader, SelectionPolicy policy) {
        return evaluate(loader, policy, 1, policy.label());
    }

    /** Network m alone: every image evaluates network m and only it. */
    public Outcome alone(DataLoader loader, int network) {
        return evaluate(loader, ALWAYS_EXIT, network, "alone: " + networks.get(network - 1).label());
    }

    private Outcome evaluate(DataLoader loader, SelectionPolicy policy, int first, String label) {
        Outcome.Tally tally = new Outcome.Tally(networks.size());
        try (DataLoader.Epoch epoch = loader.epoch(0)) {
            for (Batch batch : epoch) {
                evaluateBatch(Tensor.of(batch.images(), batch.shape()), batch.labels(), policy, first, tally);
            }
        }
        return tally.outcome(label, true);
    }

    /** One batch x (N, C, H, W), starting at network {@code first}. */
    void evaluateBatch(Tensor x, int[] labels, SelectionPolicy policy, int first, Outcome.Tally tally) {
        long start = System.nanoTime(), cpuStart = ComputeCpuTime.nanos();
        int nets = networks.size(), n = labels.length;
        Routing routing = new Routing(nets, n, first);
        try (var noGrad = Autograd.noGrad()) {
            for (int m = first; m <= nets; m++) {
                int[] rows = routing.rowsFor(m);
                if (rows.length == 0) continue;
                CascadeNetwork.Ran r = networks.get(m - 1).run(rows.length == n ? x : Rows.gather(x, rows));
                for (int j = 0; j < rows.length; j++) {
                    int i = rows[j];
                    routing.spent[i] += r.mmacs()[j];
                    if (m == 1) routing.firstClass[i] = r.predictedClass(j);
                    SelectionPolicy.Action a = m == nets ? SelectionPolicy.Action.EXIT
                            : policy.decide(r.features(j, m == 1 ? -1 : routing.firstClass[i], m, nets));
                    if (a == SelectionPolicy.Action.EXIT) {
                        tally.stop(m, r.predictedClass(j) == labels[i], routing.spent[i]);
                    } else {
                        routing.send(i, a == SelectionPolicy.Action.JUMP && m + 2 <= nets ? m + 2 : m + 1);
                    }
                }
            }
        }
        tally.time(System.nanoTime() - start, ComputeCpuTime.nanos() - cpuStart);
    }

    /** Which rows of the batch go to which network, and what each row has spent so far. */
    private static final class Routing {
        final int[][] to;        // rows sent to network m, at [m]
        final int[] count;
        final double[] spent;    // MMACs per row so far
        final int[] firstClass;  // each row's class from network 1 (the agreement feature), -1 if not run

        Routing(int networks, int rows, int first) {
            to = new int[networks + 1][rows];
            count = new int[networks + 1];
            for (int i = 0; i < rows; i++) to[first][i] = i;
            count[first] = rows;
            spent = new double[rows];
            firstClass = new int[rows];
            Arrays.fill(firstClass, -1);
        }

        void send(int row, int network) {
            to[network][count[network]++] = row;
        }

        /** The rows sent to network m, in batch order (they arrive from m - 1 and from m - 2). */
        int[] rowsFor(int network) {
            int[] rows = Arrays.copyOf(to[network], count[network]);
            Arrays.sort(rows);
            return rows;
        }
    }
}
