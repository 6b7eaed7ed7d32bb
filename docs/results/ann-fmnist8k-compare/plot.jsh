// Draws the ANN and HNE curves of docs/results.md ("ANN with AdaLoss on Fashion-MNIST") in one picture
// from the runs' metrics.csv (the HNE checkpoints of run 1 were not kept, so `./hne eval` with both
// checkpoints could not be used for this figure). Run from the repository root:
//   jshell --add-modules=jdk.incubator.vector --class-path hne-core/target/hne.jar docs/results/ann-fmnist8k-compare/plot.jsh
import dev.hne.report.Plots;
import java.nio.file.*;
import java.util.*;

Plots.Series lastEpoch(String label, String dir) throws Exception {
    List<String> rows = Files.readAllLines(Path.of(dir, "metrics.csv"));
    int last = rows.stream().skip(1).mapToInt(r -> Integer.parseInt(r.split(",")[0])).max().getAsInt();
    List<double[]> points = new ArrayList<>();
    for (String r : rows.subList(1, rows.size())) {
        String[] f = r.split(",");
        if (Integer.parseInt(f[0]) == last) points.add(new double[] {Double.parseDouble(f[2]), 100 * Double.parseDouble(f[3])});
    }
    return new Plots.Series(label, points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray());
}

var series = new ArrayList<Plots.Series>();
series.add(lastEpoch("ANN, AdaLoss (exits 1-4)", "docs/results/ann-fmnist8k-adaloss"));
series.add(lastEpoch("ANN, constant weights (exits 1-4)", "docs/results/ann-fmnist8k-constant"));
series.add(lastEpoch("HNE, L_I (n = 1-8)", "docs/results/fmnist8k-i"));
series.add(lastEpoch("HNE, L_I + L_HD (n = 1-8)", "docs/results/fmnist8k-ihd"));
Plots.accuracyVsCost(Path.of("docs/results/ann-fmnist8k-compare/accuracy-vs-mmacs.png"),
        "Fashion-MNIST, 8,000 images, 8 epochs: ANN exits vs HNE members", series);
/exit
