package dev.hne.bench.serve;

import dev.hne.report.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The load test's picture: accuracy (left axis) and p99 latency (right axis) against the offered
 * load, for the anytime server and the fixed-n server, with the deadline as a dashed line.
 */
final class ServeLoadPlot {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final Color ANYTIME = new Color(0x1f77b4), FIXED = new Color(0xd62728), DEADLINE = new Color(0x7f7f7f);

    private ServeLoadPlot() {}

    /**
     * @param multiples offered load of each run, as a multiple of the rate the full ensemble sustains
     */
    static void write(Path png, String title, double[] multiples, List<LoadSummary> anytime, List<LoadSummary> fixed,
                      double deadlineMs) throws IOException {
        XYChart chart = new XYChartBuilder().width(960).height(600).title(title)
                .xAxisTitle("offered load (x the rate the full ensemble sustains)").yAxisTitle("accuracy (%)").build();
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        chart.getStyler().setMarkerSize(8);
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.setYAxisGroupTitle(0, "accuracy (%)");
        chart.setYAxisGroupTitle(1, "p99 latency (ms)");

        line(chart, "accuracy, anytime", multiples, anytime, true, ANYTIME, false);
        line(chart, "accuracy, fixed n = N", multiples, fixed, true, FIXED, false);
        line(chart, "p99, anytime", multiples, anytime, false, ANYTIME, true);
        line(chart, "p99, fixed n = N", multiples, fixed, false, FIXED, true);
        double[] d = new double[multiples.length];
        java.util.Arrays.fill(d, deadlineMs);
        XYSeries dl = chart.addSeries("deadline", multiples, d);
        dl.setYAxisGroup(1);
        dl.setLineColor(DEADLINE);
        dl.setMarker(SeriesMarkers.NONE);
        dl.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 6f}, 0f));

        Path tmp = AtomicFiles.tempSibling(png, ".tmp.png");
        BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.replace(tmp, png);
    }

    private static void line(XYChart chart, String name, double[] x, List<LoadSummary> runs, boolean accuracy, Color c,
                             boolean dashed) {
        double[] y = new double[runs.size()];
        for (int i = 0; i < y.length; i++) y[i] = accuracy ? 100 * runs.get(i).accuracy() : runs.get(i).p99Ms();
        XYSeries xy = chart.addSeries(name, x, y);
        xy.setYAxisGroup(accuracy ? 0 : 1);
        xy.setLineColor(c);
        xy.setMarkerColor(c);
        xy.setMarker(accuracy ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
        xy.setLineStyle(dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f)
                : new BasicStroke(2.5f));
    }
}
