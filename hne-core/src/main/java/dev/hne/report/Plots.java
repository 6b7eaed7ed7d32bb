package dev.hne.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's pictures, drawn with XChart into PNG files (headless: no display is needed).
 *
 * <ul>
 *   <li>{@link #accuracyVsCost}: test accuracy against MMACs per image, one point per n = 1..N, one
 *       curve per run or epoch (the paper's Figs. 4 and 6);</li>
 *   <li>{@link #perModel}: each model's accuracy on its own as bars, and the ensemble of the first n
 *       as a line (Fig. 9);</li>
 *   <li>{@link #curves}: any quantity against epochs (training curves).</li>
 * </ul>
 */
public final class Plots {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf), new Color(0x7f7f7f)};

    private Plots() {}

    /** One curve of an accuracy/cost or training plot. */
    public record Series(String name, double[] x, double[] y) {}

    /** Accuracy (in %) against MMACs; a point per n, labelled in the legend by the series name. */
    public static void accuracyVsCost(Path png, String title, List<Series> series) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title)
                .xAxisTitle("MMACs per image (n = 1, 2, ..., N models evaluated)").yAxisTitle("test accuracy (%)").build();
        saveLines(chart, series, png);
    }

    /**
     * Accuracy (in %) against the AVERAGE cost per image of adaptive evaluation: the fixed-n curve
     * (every image gets n models) next to early-exit policies (each image stops where its policy
     * said), one point per n, budget or trade-off.
     */
    public static void accuracyVsAverageCost(Path png, String title, String xTitle, String yTitle, List<Series> series)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        saveLines(chart, series, png);
    }

    /** Any quantities against epochs, e.g. loss or accuracy. */
    public static void curves(Path png, String title, String yTitle, List<Series> series) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle("epoch")
                .yAxisTitle(yTitle).build();
        saveLines(chart, series, png);
    }

    /**
     * Fig. 9 style: bars of each model's own accuracy (model 1..N) and a line of the ensemble of the
     * first n models, both in %.
     */
    public static void perModel(Path png, String title, double[] perModel, double[] ensembleByN) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(520).title(title)
                .xAxisTitle("model j (bars)  /  ensemble of the first n models (line)").yAxisTitle("test accuracy (%)")
                .build();
        AxesChartStyler s = chart.getStyler();
        commonStyle(s);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setOverlapped(true);
        List<String> names = new ArrayList<>();
        List<Double> bars = new ArrayList<>(), line = new ArrayList<>();
        double min = 100, max = 0;
        for (int j = 0; j < perModel.length; j++) {
            names.add(Integer.toString(j + 1));
            bars.add(100 * perModel[j]);
            line.add(100 * ensembleByN[j]);
            min = Math.min(min, Math.min(100 * perModel[j], 100 * ensembleByN[j]));
            max = Math.max(max, Math.max(100 * perModel[j], 100 * ensembleByN[j]));
        }
        double pad = Math.max(1, (max - min) * 0.15);
        chart.getStyler().setYAxisMin(Math.max(0, Math.floor(min - pad)));
        chart.getStyler().setYAxisMax(Math.min(100, Math.ceil(max + pad)));
        CategorySeries b = chart.addSeries("each model alone", names, bars);
        b.setFillColor(new Color(0x9ecae1));
        CategorySeries l = chart.addSeries("ensemble of the first n models", names, line);
        l.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        l.setLineColor(PALETTE[1]);
        l.setMarkerColor(PALETTE[1]);
        l.setMarker(SeriesMarkers.CIRCLE);
        l.setLineStyle(new BasicStroke(2.5f));
        save(chart, png);
    }

    private static void addXY(XYChart chart, List<Series> series, boolean markers) {
        int i = 0;
        for (Series s : series) {
            XYSeries xy = chart.addSeries(s.name(), s.x(), s.y());
            Color c = PALETTE[i++ % PALETTE.length];
            xy.setLineColor(c);
            xy.setMarkerColor(c);
            xy.setLineStyle(new BasicStroke(2f));
            xy.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
    }

    /** The house style with the legend below the plot, the series drawn as lines with markers, saved. */
    private static void saveLines(XYChart chart, List<Series> series, Path png) throws IOException {
        style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        addXY(chart, series, true);
        save(chart, png);
    }

    /** The house style of every line plot (also LatencyReport's). */
    static void style(XYChart chart) {
        commonStyle(chart.getStyler());
        chart.getStyler().setMarkerSize(7);
    }

    private static void commonStyle(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(0xdddddd));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendBorderColor(new Color(0xcccccc));
        s.setAntiAlias(true);
    }

    /** Writes the PNG next to its final name, then renames it, so a reader never sees half a picture. */
    static void save(Chart<?, ?> chart, Path png) throws IOException {
        Path tmp = AtomicFiles.tempSibling(png, ".tmp.png");
        IoErrors.doing("write plot", png, () -> {
            BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
            AtomicFiles.replace(tmp, png);
        });
    }
}
