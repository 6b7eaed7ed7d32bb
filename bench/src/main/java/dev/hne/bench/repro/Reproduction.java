package dev.hne.bench.repro;

import dev.hne.report.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * The report of scripts/reproduce.sh: for one table or figure, the runs of its configurations over
 * the seeds that finished, as mean ± sample standard deviation per n, written to {@code OUT/<target>/}:
 * <pre>
 *   runs.csv           every run's numbers (config, seed, n, MMACs, accuracy, logit std, member n alone)
 *   summary.csv        mean and std over seeds per configuration and n
 *   train-vs-test.csv  last-epoch training accuracy against test accuracy, and training images/s, per run
 *   table.md           the same as a markdown table (n = 1, 2, 4, 8)
 *   *.png              the figure: accuracy vs MMACs (table1, sweep), accuracy and logit std vs MMACs
 *                      (fig4, fig5), member bars next to the ensemble curve (fig9)
 * </pre>
 * Usage: {@code Reproduction RUNS OUT TARGET SEEDS CONFIG...} with SEEDS like "0,1,2"; a
 * configuration with no finished seed is left out and named on standard error.
 */
public final class Reproduction {

    private Reproduction() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 5) {
            System.err.println("usage: Reproduction RUNS OUT TARGET SEEDS CONFIG...");
            System.exit(2);
        }
        Path runs = Path.of(args[0]), out = Path.of(args[1]).resolve(args[2]);
        List<Long> seeds = new ArrayList<>();
        for (String s : args[3].split(",")) seeds.add(Long.parseLong(s.trim()));
        Map<String, List<RunResult>> byConfig = new LinkedHashMap<>();
        for (int i = 4; i < args.length; i++) {
            List<RunResult> done = new ArrayList<>();
            for (long seed : seeds) {
                Path dir = runs.resolve(args[i] + "-s" + seed);
                if (Files.exists(dir.resolve("eval-full/eval.json"))) done.add(RunResult.read(dir, args[i], seed));
            }
            if (done.isEmpty()) System.err.println("Reproduction: " + args[i] + ": no finished run, left out");
            else byConfig.put(args[i], done);
        }
        if (byConfig.isEmpty()) {
            System.err.println("Reproduction: " + args[2] + ": nothing finished in " + runs);
            System.exit(2);
        }
        write(out, args[2], byConfig);
        System.out.print(Files.readString(out.resolve("table.md")));
        System.out.println("wrote " + out);
    }

    /** Everything for one target into {@code out}. */
    static void write(Path out, String target, Map<String, List<RunResult>> byConfig) throws IOException {
        Files.createDirectories(out);
        AtomicFiles.writeText(out.resolve("runs.csv"), runsCsv(byConfig));
        AtomicFiles.writeText(out.resolve("summary.csv"), summaryCsv(byConfig));
        AtomicFiles.writeText(out.resolve("train-vs-test.csv"), trainVsTestCsv(byConfig));
        AtomicFiles.writeText(out.resolve("table.md"), markdown(byConfig));
        switch (target) {
            case "fig4", "fig5" -> save(out.resolve("accuracy-and-std-vs-mmacs.png"),
                    List.of(curves(byConfig, "test accuracy (%)", r -> percent(r.accuracy())),
                            curves(byConfig, "logit std across the n models", RunResult::logitStd)));
            case "fig9" -> {
                List<Chart<?, ?>> panels = new ArrayList<>();
                byConfig.values().forEach(runs -> panels.add(members(runs)));
                save(out.resolve("members-and-ensembles.png"), panels);
            }
            default -> save(out.resolve("accuracy-vs-mmacs.png"),
                    List.of(curves(byConfig, "test accuracy (%)", r -> percent(r.accuracy()))));
        }
    }

    /** Mean ± std over a configuration's seeds of one per-n quantity, at index i. */
    static SeedStats at(List<RunResult> runs, Function<RunResult, double[]> quantity, int i) {
        return SeedStats.of(runs.stream().mapToDouble(r -> quantity.apply(r)[i]).toArray());
    }

    static String runsCsv(Map<String, List<RunResult>> byConfig) {
        StringBuilder sb = new StringBuilder("config,label,seed,n,mmacs,accuracy,logit_std,member_accuracy\n");
        byConfig.values().forEach(runs -> runs.forEach(r -> {
            for (int i = 0; i < r.models(); i++) {
                sb.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.4f,%.4f,%.4f,%.4f%n", r.config(), csvField(r.label()),
                        r.seed(), i + 1, r.mmacs()[i], r.accuracy()[i], r.logitStd()[i], r.memberAccuracy()[i]));
            }
        }));
        return sb.toString();
    }

    static String summaryCsv(Map<String, List<RunResult>> byConfig) {
        StringBuilder sb = new StringBuilder("config,label,n,mmacs,seeds,accuracy_mean,accuracy_std,logit_std_mean,"
                + "logit_std_std,member_accuracy_mean,member_accuracy_std\n");
        byConfig.values().forEach(runs -> {
            RunResult first = runs.get(0);
            for (int i = 0; i < first.models(); i++) {
                SeedStats a = at(runs, RunResult::accuracy, i), s = at(runs, RunResult::logitStd, i);
                SeedStats m = at(runs, RunResult::memberAccuracy, i);
                sb.append(String.format(Locale.ROOT, "%s,%s,%d,%.4f,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f%n", first.config(),
                        csvField(first.label()), i + 1, first.mmacs()[i], a.count(), a.mean(), a.std(), s.mean(), s.std(),
                        m.mean(), m.std()));
            }
        });
        return sb.toString();
    }

    /** A CSV field as RFC 4180 writes it: quoted when it holds a comma or a quote ("independent, L_I+L_HD ..."). */
    static String csvField(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    static String trainVsTestCsv(Map<String, List<RunResult>> byConfig) {
        StringBuilder sb = new StringBuilder("config,label,seed,train_accuracy_last_epoch,test_accuracy_n1,"
                + "test_accuracy_full,images_per_s\n");
        byConfig.values().forEach(runs -> runs.forEach(r -> sb.append(String.format(Locale.ROOT,
                "%s,%s,%d,%.4f,%.4f,%.4f,%.1f%n", r.config(), csvField(r.label()), r.seed(), r.trainAccuracy(), r.accuracy()[0],
                r.accuracy()[r.models() - 1], r.imagesPerSecond()))));
        return sb.toString();
    }

    /** Test accuracy (%) at n = 1, 2, 4, 8, ... (mean ± std), the full ensemble's logit std and training accuracy. */
    static String markdown(Map<String, List<RunResult>> byConfig) {
        int models = byConfig.values().iterator().next().get(0).models();
        List<Integer> ns = new ArrayList<>();
        for (int n = 1; n <= models; n *= 2) ns.add(n);
        StringBuilder sb = new StringBuilder("| objective | seeds |");
        ns.forEach(n -> sb.append(" n = ").append(n).append(" |"));
        sb.append(" logit std, n = ").append(models).append(" | train acc. (last epoch) |\n|---|---|");
        ns.forEach(n -> sb.append("---|"));
        sb.append("---|---|\n");
        byConfig.values().forEach(runs -> {
            sb.append("| ").append(runs.get(0).label()).append(" | ").append(runs.size()).append(" |");
            ns.forEach(n -> sb.append(' ').append(at(runs, RunResult::accuracy, n - 1).format(100, 2)).append(" |"));
            sb.append(' ').append(at(runs, RunResult::logitStd, models - 1).format(1, 3)).append(" | ")
                    .append(SeedStats.of(runs.stream().mapToDouble(RunResult::trainAccuracy).toArray()).format(100, 1))
                    .append(" |\n");
        });
        // One line of costs if every configuration has the same tree; else one per configuration (Fig. 5's shapes differ)
        Map<String, List<String>> byCost = new LinkedHashMap<>();
        byConfig.values().forEach(runs -> {
            StringBuilder cost = new StringBuilder();
            ns.forEach(n -> cost.append(String.format(Locale.ROOT, " n = %d: %.3f;", n, runs.get(0).mmacs()[n - 1])));
            byCost.computeIfAbsent(cost.toString(), c -> new ArrayList<>()).add(runs.get(0).label());
        });
        if (byCost.size() == 1) {
            sb.append("\nMMACs per image:").append(byCost.keySet().iterator().next()).append('\n');
        } else {
            sb.append("\nMMACs per image:\n\n");
            byCost.forEach((cost, labels) -> sb.append("- ").append(String.join("; ", labels)).append(':').append(cost)
                    .append('\n'));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- pictures

    /** One curve per configuration: the mean over seeds against MMACs, the std as error bars. */
    static XYChart curves(Map<String, List<RunResult>> byConfig, String yTitle, Function<RunResult, double[]> y) {
        XYChart chart = new XYChartBuilder().width(820).height(560).xAxisTitle("MMACs per image (n = 1 .. N models)")
                .yAxisTitle(yTitle).title(yTitle + ", mean ± std over seeds").build();
        style(chart.getStyler());
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        byConfig.values().forEach(runs -> {
            int models = runs.get(0).models();
            double[] mean = new double[models], std = new double[models];
            for (int i = 0; i < models; i++) {
                SeedStats s = at(runs, y, i);
                mean[i] = s.mean();
                std[i] = Double.isNaN(s.std()) ? 0 : s.std();
            }
            chart.addSeries(runs.get(0).label() + " (" + seeds(runs) + ")", runs.get(0).mmacs(), mean, std);
        });
        return chart;
    }

    /** Fig. 9: each member's accuracy alone (bars) next to the ensemble of the first n (line), means over seeds. */
    static CategoryChart members(List<RunResult> runs) {
        CategoryChart chart = new CategoryChartBuilder().width(820).height(480).title(runs.get(0).label() + ", "
                + seeds(runs)).xAxisTitle("member j alone (bars) / ensemble of the first n (line)")
                .yAxisTitle("test accuracy (%)").build();
        style(chart.getStyler());
        chart.getStyler().setOverlapped(true);
        int models = runs.get(0).models();
        List<String> names = new ArrayList<>();
        List<Double> bars = new ArrayList<>(), barStd = new ArrayList<>(), line = new ArrayList<>();
        for (int i = 0; i < models; i++) {
            names.add(Integer.toString(i + 1));
            SeedStats m = at(runs, r -> percent(r.memberAccuracy()), i);
            bars.add(m.mean());
            barStd.add(Double.isNaN(m.std()) ? 0 : m.std());
            line.add(at(runs, r -> percent(r.accuracy()), i).mean());
        }
        double low = Math.min(bars.stream().mapToDouble(d -> d).min().orElse(0), line.get(0));
        chart.getStyler().setYAxisMin(Math.max(0, Math.floor(low - 5)));
        chart.addSeries("member alone", names, bars, barStd).setFillColor(new Color(0x9ecae1));
        CategorySeries l = chart.addSeries("ensemble of the first n", names, line);
        l.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        l.setLineColor(new Color(0xd62728));
        l.setMarkerColor(new Color(0xd62728));
        return chart;
    }

    private static String seeds(List<RunResult> runs) {
        return runs.size() == 1 ? "1 seed" : runs.size() + " seeds";
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Vertical);
        s.setAntiAlias(true);
    }

    private static double[] percent(double[] v) {
        double[] p = new double[v.length];
        for (int i = 0; i < v.length; i++) p[i] = 100 * v[i];
        return p;
    }

    /** Panels side by side (two per row) in one PNG, written next to its name and renamed. */
    static void save(Path png, List<? extends Chart<?, ?>> panels) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<BufferedImage> images = new ArrayList<>();
        for (Chart<?, ?> c : panels) images.add(BitmapEncoder.getBufferedImage(c));
        int columns = Math.min(2, images.size()), rows = (images.size() + columns - 1) / columns;
        int w = images.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int h = images.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        BufferedImage all = new BufferedImage(columns * w, rows * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, all.getWidth(), all.getHeight());
        for (int i = 0; i < images.size(); i++) g.drawImage(images.get(i), (i % columns) * w, (i / columns) * h, null);
        g.dispose();
        Path tmp = AtomicFiles.tempSibling(png, ".tmp.png");
        ImageIO.write(all, "png", tmp.toFile());
        AtomicFiles.replace(tmp, png);
    }
}
