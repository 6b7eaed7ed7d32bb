package dev.hne.bench.report;

import dev.hne.anytime.LeafOrder;
import dev.hne.bench.ConvThroughput;
import dev.hne.bench.FmaPeakBenchmark;
import dev.hne.cost.CostModel;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.report.LatencyReport;
import dev.hne.tree.Architectures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH JSON result file into the performance report: pairs each of our measurements with
 * the PyTorch peer's of the same parameters, and writes {@code bench.md} (anytime latency per
 * arch and batch with MMACs from {@link CostModel}; ours against ONNX Runtime with GFLOP/s and the
 * fraction of the machine's FMA peak; training steps; convolution GFLOP/s) and one latency-vs-n
 * plot per arch and batch (ours and PyTorch), into an output folder.
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar dev.hne.bench.report.JmhReport results.json [out-dir]
 * </pre>
 * Times are JMH's medians in sample mode (the score, i.e. the mean, in other modes). What it is
 * not: a statistics tool; error bars are in JMH's own output.
 */
public final class JmhReport {

    private JmhReport() {}

    /** One training-step measurement pair; NaN for a side not measured. */
    public record TrainRow(String arch, int batch, double oursMs, double peerMs) {
        public double ratio() {
            return oursMs / peerMs;
        }
    }

    /**
     * Ours against the ONNX Runtime peer at one (arch, batch, n); NaN for a side not measured.
     * GFLOP/s = 2 x MMACs per image x batch / ms (the cost model's MACs, the same network for both).
     */
    public record OrtRow(String arch, int batch, int n, double mmacs, double oursMs, double ortMs) {
        public double ratio() {
            return oursMs / ortMs;
        }

        public double oursGflops() {
            return gflops(oursMs);
        }

        public double ortGflops() {
            return gflops(ortMs);
        }

        private double gflops(double ms) {
            return 2 * mmacs * batch / ms;
        }
    }

    /** The FMA peak ({@link FmaPeakBenchmark}) with 1 and 2 threads, GFLOP/s; NaN if not measured. */
    public record Peak(double oneThread, double twoThreads) {}

    /** One convolution kernel measurement, with its rate. */
    public record ConvRow(String shape, String pass, double ms, double gflops) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: JmhReport results.json [out-dir (default: bench-report)]");
            System.exit(2);
        }
        Path json = Path.of(args[0]);
        Path out = Path.of(args.length > 1 ? args[1] : "bench-report");
        List<JmhResult> results;
        try {
            results = JmhResult.parse(Files.readString(json, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            System.err.println("JmhReport: no such file " + json);
            System.exit(2);
            return;
        } catch (IllegalArgumentException | ClassCastException e) {
            System.err.println("JmhReport: " + json + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        String appendix = ortMarkdown(ortRows(results), peak(results)) + trainMarkdown(trainRows(results))
                + convMarkdown(convRows(results));
        LatencyReport.write(out, "Benchmarks: " + json.getFileName(), anytimeRows(results), appendix);
        System.out.print(LatencyReport.markdown(anytimeRows(results)) + appendix);
        System.out.println("wrote " + out.resolve(LatencyReport.MARKDOWN));
    }

    // ---------------------------------------------------------------- pairing

    /**
     * Anytime-latency rows: ours and the peer's median paired by (arch, batch, n, device), sorted by
     * arch (first seen), batch, n. MMACs per image from the cost model at the benchmark's input
     * resolution (the {@code resolution} parameter, else the architecture's default).
     */
    public static List<LatencyReport.Row> anytimeRows(List<JmhResult> results) {
        Map<String, double[]> times = new LinkedHashMap<>();   // key -> {ours, peer}
        Map<String, LatencyReport.Row> proto = new LinkedHashMap<>();
        List<String> archOrder = new ArrayList<>();
        for (JmhResult r : results) {
            if (!r.className().contains("AnytimeLatency") || r.isOrt()) {
                continue;   // ORT has its own table (ortRows)
            }
            String arch = r.param("arch"), device = r.param("device");
            int batch = Integer.parseInt(r.param("batch")), n = Integer.parseInt(r.param("n"));
            String label = device.equals("cpu") ? arch : arch + " on " + device;
            String key = label + "|" + batch + "|" + n;
            double[] t = times.computeIfAbsent(key, k -> new double[] {Double.NaN, Double.NaN});
            t[r.isPeer() ? 1 : 0] = r.medianMs();
            if (!r.isPeer() || !proto.containsKey(key)) {
                proto.put(key, new LatencyReport.Row(label, batch, n, Double.NaN, Double.NaN, mmacs(arch, n, r.params())));
            }
            if (!archOrder.contains(label)) archOrder.add(label);
        }
        List<LatencyReport.Row> rows = new ArrayList<>();
        proto.forEach((key, p) -> {
            double[] t = times.get(key);
            rows.add(new LatencyReport.Row(p.arch(), p.batch(), p.n(), t[0], t[1], p.mmacs()));
        });
        rows.sort(Comparator.comparingInt((LatencyReport.Row r) -> archOrder.indexOf(r.arch()))
                .thenComparingInt(LatencyReport.Row::batch).thenComparingInt(LatencyReport.Row::n));
        return rows;
    }

    /** Ours against ORT, paired by (arch, batch, n) on the CPU, in the order first seen; only pairs with an ORT time. */
    public static List<OrtRow> ortRows(List<JmhResult> results) {
        Map<String, double[]> times = new LinkedHashMap<>();   // key -> {ours, ort, mmacs}
        for (JmhResult r : results) {
            if (!r.className().contains("AnytimeLatency") || r.isPeer() || !r.param("device").equals("cpu")) {
                continue;
            }
            String arch = r.param("arch");
            int n = Integer.parseInt(r.param("n"));
            double[] t = times.computeIfAbsent(arch + "|" + r.param("batch") + "|" + n,
                    k -> new double[] {Double.NaN, Double.NaN, mmacs(arch, n, r.params())});
            t[r.isOrt() ? 1 : 0] = r.medianMs();
        }
        List<OrtRow> rows = new ArrayList<>();
        times.forEach((key, t) -> {
            String[] k = key.split("\\|");
            if (!Double.isNaN(t[1])) {
                rows.add(new OrtRow(k[0], Integer.parseInt(k[1]), Integer.parseInt(k[2]), t[2], t[0], t[1]));
            }
        });
        rows.sort(Comparator.comparing(OrtRow::arch).thenComparingInt(OrtRow::batch).thenComparingInt(OrtRow::n));
        return rows;
    }

    /**
     * The FMA peak from FmaPeakBenchmark's peak1 (1 thread) and peak2 (2 threads): each thread does
     * {@link FmaPeakBenchmark#flopsPerCall()} per call in the score's time (JMH's average time is per thread).
     */
    public static Peak peak(List<JmhResult> results) {
        double one = Double.NaN, two = Double.NaN;
        for (JmhResult r : results) {
            if (!r.className().equals("FmaPeakBenchmark")) {
                continue;
            }
            if (r.benchmark().endsWith(".peak1")) one = FmaPeakBenchmark.flopsPerCall() / (r.scoreMs() * 1e6);
            if (r.benchmark().endsWith(".peak2")) two = 2 * FmaPeakBenchmark.flopsPerCall() / (r.scoreMs() * 1e6);
        }
        return new Peak(one, two);
    }

    static double mmacs(String arch, int n, Map<String, String> params) {
        Architectures.Input d = Architectures.defaultInput(arch);
        int resolution = params.containsKey("resolution") ? Integer.parseInt(params.get("resolution")) : d.resolution();
        var spec = Architectures.byName(arch, new Architectures.Input(d.channels(), resolution, d.classes()));
        return CostModel.hne(spec).anytimeCurve(LeafOrder.NATURAL)[n - 1];   // the curve every per-n table reports
    }

    /** Training-step rows: ours and the peer's median paired by (arch, batch, device). */
    public static List<TrainRow> trainRows(List<JmhResult> results) {
        Map<String, double[]> times = new LinkedHashMap<>();
        for (JmhResult r : results) {
            if (!r.className().contains("TrainStep")) {
                continue;
            }
            String device = r.param("device");
            String label = device.equals("cpu") ? r.param("arch") : r.param("arch") + " on " + device;
            double[] t = times.computeIfAbsent(label + "|" + r.param("batch"), k -> new double[] {Double.NaN, Double.NaN});
            t[r.isPeer() ? 1 : 0] = r.medianMs();
        }
        List<TrainRow> rows = new ArrayList<>();
        times.forEach((key, t) -> {
            String[] k = key.split("\\|");
            rows.add(new TrainRow(k[0], Integer.parseInt(k[1]), t[0], t[1]));
        });
        rows.sort(Comparator.comparing(TrainRow::arch).thenComparingInt(TrainRow::batch));
        return rows;
    }

    /** ConvBenchmark rows: GFLOP/s = 2 * MACs / time, MACs of the shape's {@link ConvGeometry} (the same for each pass). */
    public static List<ConvRow> convRows(List<JmhResult> results) {
        List<ConvRow> rows = new ArrayList<>();
        for (JmhResult r : results) {
            if (!r.className().equals("ConvBenchmark")) {
                continue;
            }
            String shape = r.param("shape");
            ConvGeometry g = ConvThroughput.cases().get(shape);
            if (g == null) {
                throw new IllegalArgumentException("ConvBenchmark shape '" + shape + "' is not one of ConvThroughput.cases()");
            }
            String method = r.benchmark().substring(r.benchmark().lastIndexOf('.') + 1);
            rows.add(new ConvRow(shape, method, r.scoreMs(), 2.0 * g.macs() / (r.scoreMs() * 1e6)));
        }
        return rows;
    }

    // ---------------------------------------------------------------- markdown

    static String ortMarkdown(List<OrtRow> rows, Peak peak) {
        if (rows.isEmpty() && Double.isNaN(peak.oneThread()) && Double.isNaN(peak.twoThreads())) {
            return "";
        }
        StringBuilder sb = new StringBuilder("### Anytime latency: ours and ONNX Runtime (2 threads each)\n\n");
        sb.append(String.format(Locale.ROOT, "FMA peak (FmaPeakBenchmark, float, Vector API): %s GFLOP/s on 1 thread, "
                + "%s on 2; %% of peak below is of the 2-thread figure.%n%n", num(peak.oneThread(), 1),
                num(peak.twoThreads(), 1)));
        if (rows.isEmpty()) {
            return sb.toString();
        }
        sb.append("| arch | batch | n | MMACs/image | ours ms | ORT ms | ours/ORT | ours GFLOP/s | ORT GFLOP/s "
                + "| ours % of peak | ORT % of peak |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (OrtRow r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %s | %s | %s | %s | %s | %s | %s |%n", r.arch(),
                    r.batch(), r.n(), r.mmacs(), num(r.oursMs(), 2), num(r.ortMs(), 2), num(r.ratio(), 2),
                    num(r.oursGflops(), 1), num(r.ortGflops(), 1), num(100 * r.oursGflops() / peak.twoThreads(), 1),
                    num(100 * r.ortGflops() / peak.twoThreads(), 1)));
        }
        return sb.append('\n').toString();
    }

    static String trainMarkdown(List<TrainRow> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("### Training step (full tree, L_I + L_HD, SGD)\n\n");
        sb.append("| arch | batch | ours ms | peer ms | ours/peer |\n|---|---:|---:|---:|---:|\n");
        for (TrainRow r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", r.arch(), r.batch(), num(r.oursMs(), 0),
                    num(r.peerMs(), 0), num(r.ratio(), 2)));
        }
        return sb.append('\n').toString();
    }

    static String convMarkdown(List<ConvRow> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("### Convolution kernels (ConvBenchmark, batch 64)\n\n");
        sb.append("| shape | pass | ms (mean) | GFLOP/s |\n|---|---|---:|---:|\n");
        for (ConvRow r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.1f |%n", r.shape(), r.pass(), r.ms(), r.gflops()));
        }
        return sb.append('\n').toString();
    }

    private static String num(double v, int decimals) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
