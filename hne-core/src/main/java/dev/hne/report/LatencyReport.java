package dev.hne.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The anytime-latency report: per architecture and batch size, one row per n (members evaluated)
 * with our time, the peer's (PyTorch) time, their ratio, the MMACs the cost model predicts and the
 * milliseconds per MMAC; plus one plot per (architecture, batch) of latency against n with the
 * predicted MMACs on a second axis, to see how well cost tracks FLOPs.
 *
 * <p>Used by {@code ./hne bench --out} and by the JMH report ({@code dev.hne.bench.report.JmhReport}),
 * which parses JMH's JSON into these rows. What it is not: a timer; it only formats numbers.
 */
public final class LatencyReport {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    public static final String MARKDOWN = "bench.md";
    /** Plots are named latency-vs-n-ARCH-bBATCH.png; this is the pattern for messages. */
    public static final String PLOT = "latency-vs-n-*.png";

    private LatencyReport() {}

    /**
     * One measured point. Times in milliseconds; NaN where a side was not measured.
     *
     * @param mmacs predicted multiply-accumulates per image (millions) for the first n members
     */
    public record Row(String arch, int batch, int n, double oursMs, double peerMs, double mmacs) {

        /** ours / peer: below 1 means we are faster; NaN without a peer time. */
        public double ratio() {
            return oursMs / peerMs;
        }

        /** Our milliseconds per predicted MMAC of the whole batch (MMACs per image times batch). */
        public double msPerMmac() {
            return oursMs / (mmacs * batch);
        }
    }

    /** Rows grouped by (arch, batch), in first-seen order. */
    static Map<String, List<Row>> groups(List<Row> rows) {
        Map<String, List<Row>> g = new LinkedHashMap<>();
        for (Row r : rows) g.computeIfAbsent(r.arch() + ", batch " + r.batch(), k -> new ArrayList<>()).add(r);
        return g;
    }

    /**
     * A markdown section per (arch, batch): n, MMACs, ours ms, peer ms, ours/peer, ms per MMAC; the
     * peer's two columns only where some row of the section has a peer time.
     */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        for (var e : groups(rows).entrySet()) {
            boolean peer = e.getValue().stream().anyMatch(r -> !Double.isNaN(r.peerMs()));
            sb.append("### ").append(e.getKey()).append("\n\n");
            sb.append(peer ? "| n | MMACs/image | ours ms | peer ms | ours/peer | ours ms per batch-MMAC |\n"
                    + "|---:|---:|---:|---:|---:|---:|\n"
                    : "| n | MMACs/image | ms | ms per batch-MMAC |\n|---:|---:|---:|---:|\n");
            for (Row r : e.getValue()) {
                sb.append(peer
                        ? String.format(Locale.ROOT, "| %d | %.1f | %s | %s | %s | %s |%n", r.n(), r.mmacs(),
                                num(r.oursMs(), 2), num(r.peerMs(), 2), num(r.ratio(), 2), num(r.msPerMmac(), 5))
                        : String.format(Locale.ROOT, "| %d | %.1f | %s | %s |%n", r.n(), r.mmacs(),
                                num(r.oursMs(), 2), num(r.msPerMmac(), 5)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Writes {@link #MARKDOWN} (with the plots linked) and one plot per (arch, batch) into dir. */
    public static void write(Path dir, String title, List<Row> rows) throws IOException {
        write(dir, title, rows, "");
    }

    /** As {@link #write(Path, String, List)}, with more markdown (other tables) after the latency tables. */
    public static void write(Path dir, String title, List<Row> rows, String appendix) throws IOException {
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder("# " + title + "\n\n");
        md.append(markdown(rows)).append(appendix);
        for (var e : groups(rows).entrySet()) {
            Row first = e.getValue().get(0);
            String png = plotName(first.arch(), first.batch());
            plot(dir.resolve(png), e.getKey(), e.getValue());
            md.append("![").append(e.getKey()).append("](").append(png).append(")\n\n");
        }
        Path tmp = AtomicFiles.tempSibling(dir.resolve(MARKDOWN), ".tmp");   // unique: two writers never share one
        Files.writeString(tmp, md.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(MARKDOWN), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static String plotName(String arch, int batch) {
        return "latency-vs-n-" + arch + "-b" + batch + ".png";
    }

    /** Latency (left axis: ours, and the peer when measured) and predicted MMACs (right axis) against n. */
    static void plot(Path png, String title, List<Row> rows) throws IOException {
        double[] n = rows.stream().mapToDouble(Row::n).toArray();
        XYChart chart = new XYChartBuilder().width(900).height(560).title("anytime latency, " + title)
                .xAxisTitle("n (members evaluated, natural order)").yAxisTitle("ms per batch (median)").build();
        Plots.style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        // a side with no measurement at all (only the peer ran, or only we did) gets no curve
        if (rows.stream().anyMatch(r -> !Double.isNaN(r.oursMs()))) {
            add(chart, "ours (ms)", n, rows.stream().mapToDouble(Row::oursMs).toArray(), new Color(0x1f77b4), 0);
        }
        if (rows.stream().anyMatch(r -> !Double.isNaN(r.peerMs()))) {
            add(chart, "PyTorch peer (ms)", n, rows.stream().mapToDouble(Row::peerMs).toArray(), new Color(0xd62728), 0);
        }
        XYSeries cost = add(chart, "predicted MMACs per image (right axis)", n,
                rows.stream().mapToDouble(Row::mmacs).toArray(), new Color(0x7f7f7f), 1);
        cost.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        chart.setYAxisGroupTitle(1, "MMACs per image");
        Plots.save(chart, png);
    }

    private static XYSeries add(XYChart chart, String name, double[] x, double[] y, Color c, int axis) {
        // XChart cannot draw NaN points; a side measured for some n only is drawn where it exists
        List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(y[i])) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setYAxisGroup(axis);
        series.setLineColor(c);
        series.setMarkerColor(c);
        series.setLineStyle(new BasicStroke(2f));
        series.setMarker(SeriesMarkers.CIRCLE);
        return series;
    }

    private static String num(double v, int decimals) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
