package dev.hne.cascade;

import dev.hne.datasets.Batch;
import dev.hne.datasets.DataLoader;
import dev.hne.engine.Tensor;
import dev.hne.policy.Outcome;
import dev.hne.policy.StageFeatures;
import dev.hne.policy.StageTable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Every network of a cascade run on every example of a split: each network's features, whether it
 * was right, and what it cost on that example (less than its full cost when it stops early inside).
 * What selection policies are fitted on (the held-out split) and a way to score any policy exactly
 * ({@link #simulate}) without running the networks again, like {@link StageTable} for one model.
 *
 * <p>Indexing: network m = 1..M, example i.
 */
public final class SelectionTable {

    private final StageFeatures[][] features;   // [m - 1][i]
    private final boolean[][] correct;          // [m - 1][i]
    private final double[][] mmacs;             // [m - 1][i]: MMACs network m spends on example i
    private final double[] fullMMacs;           // [m - 1]: network m's cost when every image runs all of it
    private final int classes;

    public SelectionTable(StageFeatures[][] features, boolean[][] correct, double[][] mmacs, double[] fullMMacs,
                          int classes) {
        if (features.length < 2 || correct.length != features.length || mmacs.length != features.length
                || fullMMacs.length != features.length) {
            throw new IllegalArgumentException("selection table: a cascade needs >= 2 networks with features, "
                    + "correctness and costs for each, got " + features.length + ", " + correct.length + ", " + mmacs.length);
        }
        for (int m = 0; m < features.length; m++) {
            if (features[m].length != features[0].length || correct[m].length != features[0].length
                    || mmacs[m].length != features[0].length) {
                throw new IllegalArgumentException("selection table: network " + (m + 1) + " has a different number of examples");
            }
        }
        this.features = features;
        this.correct = correct;
        this.mmacs = mmacs;
        this.fullMMacs = fullMMacs.clone();
        this.classes = classes;
    }

    /** Runs every network on every batch of the loader and records the table. */
    public static SelectionTable collect(List<CascadeNetwork> networks, DataLoader loader, PrintWriter progress) {
        int nets = networks.size();
        List<List<StageFeatures>> f = new ArrayList<>();
        List<List<Boolean>> right = new ArrayList<>();
        List<List<Double>> cost = new ArrayList<>();
        for (int m = 0; m < nets; m++) {
            f.add(new ArrayList<>());
            right.add(new ArrayList<>());
            cost.add(new ArrayList<>());
        }
        int classes = 0, batches = 0;
        try (DataLoader.Epoch epoch = loader.epoch(0)) {
            for (Batch batch : epoch) {
                Tensor x = Tensor.of(batch.images(), batch.shape());
                int[] labels = batch.labels();
                int[] first = new int[labels.length];
                for (int m = 1; m <= nets; m++) {
                    CascadeNetwork.Ran r = networks.get(m - 1).run(x);
                    classes = r.classes();
                    for (int i = 0; i < labels.length; i++) {
                        if (m == 1) first[i] = r.predictedClass(i);
                        f.get(m - 1).add(r.features(i, m == 1 ? -1 : first[i], m, nets));
                        right.get(m - 1).add(r.predictedClass(i) == labels[i]);
                        cost.get(m - 1).add(r.mmacs()[i]);
                    }
                }
                if (progress != null && ++batches % 5 == 0) {
                    progress.printf("  held-out split: %d images through all %d networks%n", f.get(0).size(), nets);
                    progress.flush();
                }
            }
        }
        StageFeatures[][] fa = new StageFeatures[nets][];
        boolean[][] ca = new boolean[nets][];
        double[][] ma = new double[nets][];
        double[] full = new double[nets];
        for (int m = 0; m < nets; m++) {
            fa[m] = f.get(m).toArray(new StageFeatures[0]);
            ca[m] = new boolean[fa[m].length];
            ma[m] = new double[fa[m].length];
            for (int i = 0; i < fa[m].length; i++) {
                ca[m][i] = right.get(m).get(i);
                ma[m][i] = cost.get(m).get(i);
            }
            full[m] = networks.get(m).fullMMacs();
        }
        return new SelectionTable(fa, ca, ma, full, classes);
    }

    public int networks() {
        return features.length;
    }

    public int examples() {
        return features[0].length;
    }

    public int classes() {
        return classes;
    }

    public StageFeatures features(int network, int example) {
        return features[network - 1][example];
    }

    public boolean correct(int network, int example) {
        return correct[network - 1][example];
    }

    /** MMACs network m spends on example i. */
    public double mmacs(int network, int example) {
        return mmacs[network - 1][example];
    }

    /** Network m's cost when every image runs all of it. */
    public double fullMMacs(int network) {
        return fullMMacs[network - 1];
    }

    /** The cost of evaluating every network in full: the scale of the trade-off lambda. */
    public double totalFullMMacs() {
        double s = 0;
        for (double c : fullMMacs) s += c;
        return s;
    }

    /** The networks example i evaluates under the policy, in order (always starting at network 1). */
    public int[] path(SelectionPolicy policy, int example) {
        List<Integer> visited = new ArrayList<>();
        int m = 1;
        while (true) {
            visited.add(m);
            if (m == networks()) break;
            SelectionPolicy.Action a = policy.decide(features(m, example));
            if (a == SelectionPolicy.Action.EXIT) break;
            m = a == SelectionPolicy.Action.JUMP && m + 2 <= networks() ? m + 2 : m + 1;
        }
        return visited.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The policy's accuracy, average MMACs (sum over the networks evaluated) and exits per network, exactly. */
    public Outcome simulate(SelectionPolicy policy) {
        Outcome.Tally tally = new Outcome.Tally(networks());
        for (int i = 0; i < examples(); i++) {
            int[] p = path(policy, i);
            double cost = 0;
            for (int m : p) cost += mmacs(m, i);
            int last = p[p.length - 1];
            tally.stop(last, correct(last, i), cost);
        }
        return tally.outcome(policy.label(), false);
    }

    /**
     * The oracle selector: each example evaluates only the cheapest network that gets it right
     * (networks are ordered by cost), or the first network when none does. A bound no policy that
     * must look at an answer before choosing can reach.
     */
    public Outcome oracle() {
        Outcome.Tally tally = new Outcome.Tally(networks());
        for (int i = 0; i < examples(); i++) {
            int pick = 1;
            for (int m = 1; m <= networks(); m++) {
                if (correct(m, i)) {
                    pick = m;
                    break;
                }
            }
            tally.stop(pick, correct(pick, i), mmacs(pick, i));
        }
        return tally.outcome("oracle: cheapest right network", false);
    }

    /** Network m alone on every example. */
    public Outcome alone(int network, String label) {
        Outcome.Tally tally = new Outcome.Tally(networks());
        for (int i = 0; i < examples(); i++) tally.stop(network, correct(network, i), mmacs(network, i));
        return tally.outcome(label, false);
    }

    /**
     * The cascade without jumps as a {@link StageTable} (stage m = network m, reached after
     * networks 1..m), for calibrating a confidence threshold per network with {@link
     * dev.hne.policy.ThresholdPolicy}; stage m's cost is the mean over examples of networks 1..m.
     */
    public StageTable withoutJumps() {
        double[] cumulative = new double[networks()];
        double sum = 0;
        for (int m = 1; m <= networks(); m++) {
            double mean = 0;
            for (int i = 0; i < examples(); i++) mean += mmacs(m, i);
            sum += mean / Math.max(1, examples());
            cumulative[m - 1] = sum;
        }
        return new StageTable(features, correct, cumulative, classes);
    }
}
