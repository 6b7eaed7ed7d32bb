// The three anytime approaches of docs/anytime.md in one picture, all on the same 2,000 Fashion-MNIST
// test images (run 1's setting, seed 0): HNE with a fixed n, HNE with the threshold and learned
// early-exit policies (docs/results/policy-fmnist8k/policy.csv), and the ANN's exits with AdaLoss and
// with constant weights (docs/results/ann-fmnist8k-*/metrics.csv, last epoch). Run from the repository root:
//   jshell --add-modules=jdk.incubator.vector --class-path hne-core/target/hne.jar docs/results/anytime-fmnist8k/plot.jsh
import dev.hne.report.Plots;
import java.nio.file.*;
import java.util.*;

Plots.Series series(String label, List<double[]> points) {
    points.sort(Comparator.comparingDouble(p -> p[0]));
    return new Plots.Series(label, points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray());
}

Plots.Series policy(String label, String kind) throws Exception {
    List<double[]> points = new ArrayList<>();
    List<String> rows = Files.readAllLines(Path.of("docs/results/policy-fmnist8k/policy.csv"));
    for (String r : rows.subList(1, rows.size())) {
        String[] f = r.split(",");   // kind, parameter, test_accuracy, test_avg_mmacs, ...
        if (f[0].equals(kind)) points.add(new double[] {Double.parseDouble(f[3]), 100 * Double.parseDouble(f[2])});
    }
    return series(label, points);
}

Plots.Series lastEpoch(String label, String dir) throws Exception {
    List<String> rows = Files.readAllLines(Path.of(dir, "metrics.csv"));   // epoch, n, mmacs, accuracy, ...
    int last = rows.stream().skip(1).mapToInt(r -> Integer.parseInt(r.split(",")[0])).max().getAsInt();
    List<double[]> points = new ArrayList<>();
    for (String r : rows.subList(1, rows.size())) {
        String[] f = r.split(",");
        if (Integer.parseInt(f[0]) == last) points.add(new double[] {Double.parseDouble(f[2]), 100 * Double.parseDouble(f[3])});
    }
    return series(label, points);
}

var all = new ArrayList<Plots.Series>();
all.add(policy("HNE, fixed n", "fixed"));
all.add(policy("HNE + threshold policy", "threshold"));
all.add(policy("HNE + learned policy", "learned"));
all.add(lastEpoch("ANN, AdaLoss", "docs/results/ann-fmnist8k-adaloss"));
all.add(lastEpoch("ANN, constant", "docs/results/ann-fmnist8k-constant"));
Plots.accuracyVsAverageCost(Path.of("docs/results/anytime-fmnist8k/accuracy-vs-avg-mmacs.png"),
        "Fashion-MNIST (8,000 training images, 8 epochs, seed 0): three anytime approaches",
        "average MMACs per image", "test accuracy (%), 2,000 images", all);
/exit
