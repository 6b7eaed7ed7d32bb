package dev.hne.report;

import dev.hne.policy.FixedTimeCurve;
import dev.hne.policy.Outcome;
import dev.hne.policy.SweepPoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of {@code ./hne eval --policy}: fixed n against early-exit policies as accuracy vs
 * AVERAGE MMACs per image, with the measured time per image.
 *
 * <pre>
 *   policy.csv                 kind, parameter, test accuracy, avg MMACs, wall and CPU ms per image, exits per stage,
 *                              held-out accuracy and avg MMACs (where the policy was calibrated), and the CPU
 *                              time over fixed n's at the same avg MMACs (FixedTimeCurve; 1.10 = 10% more)
 *   policy.json                the same, plus the run's settings
 *   accuracy-vs-avg-mmacs.png  the curves on one plot
 *   accuracy-vs-ms.png         the same against measured CPU milliseconds per image
 *   accuracy-vs-avg-mmacs-holdout.png   held-out accuracy (simulated from its recorded stages) vs average MMACs
 * </pre>
 */
public final class PolicyReport {

    private PolicyReport() {}

    /** The table printed by eval. */
    public static void table(PrintWriter out, List<SweepPoint> points) {
        FixedTimeCurve fixed = FixedTimeCurve.of(points);
        out.printf(Locale.ROOT, "%-34s %9s %10s %11s %11s %9s %10s %10s   %s%n", "policy", "accuracy", "avg MMACs",
                "ms / image", "CPU ms", "CPU vs", "held-out", "held-out", "images stopping after stage 1, 2, ...");
        out.printf(Locale.ROOT, "%-34s %9s %10s %11s %11s %9s %10s %10s%n", "", "", "", "(wall)", "/ image", "fixed n",
                "accuracy", "avg MMACs");
        for (SweepPoint p : points) {
            Outcome t = p.test(), h = p.holdout();
            out.printf(Locale.ROOT, "%-34s %8.2f%% %10.3f %11.3f %11.3f %9s %10s %10s   %s%n", t.label(), 100 * t.accuracy(),
                    t.averageMMacs(), t.msPerExample(), t.cpuMsPerExample(), vsFixed(p, fixed),
                    h == null ? "" : String.format(Locale.ROOT, "%.2f%%", 100 * h.accuracy()),
                    h == null ? "" : String.format(Locale.ROOT, "%.3f", h.averageMMacs()), exits(t.exits(), " "));
        }
        out.flush();
    }

    public static String csv(List<SweepPoint> points) {
        FixedTimeCurve fixed = FixedTimeCurve.of(points);
        StringBuilder sb = new StringBuilder("kind,parameter,test_accuracy,test_avg_mmacs,test_ms_per_image,"
                + "test_cpu_ms_per_image,test_exits,holdout_accuracy,holdout_avg_mmacs,test_cpu_vs_fixed\n");
        for (SweepPoint p : points) {
            Outcome t = p.test(), h = p.holdout();
            double vs = fixed.ratio(p);
            sb.append(String.format(Locale.ROOT, "%s,%s,%.6f,%.6f,%.6f,%.6f,%s,%s,%s,%s%n", p.kind(), p.parameter(),
                    t.accuracy(), t.averageMMacs(), t.msPerExample(), t.cpuMsPerExample(), exits(t.exits(), ";"),
                    h == null ? "" : String.format(Locale.ROOT, "%.6f", h.accuracy()),
                    h == null ? "" : String.format(Locale.ROOT, "%.6f", h.averageMMacs()),
                    Double.isNaN(vs) ? "" : String.format(Locale.ROOT, "%.4f", vs)));
        }
        return sb.toString();
    }

    /** A policy point's CPU time over fixed n's at the same average MMACs, as "+12.3%"; blank if unknown. */
    private static String vsFixed(SweepPoint p, FixedTimeCurve fixed) {
        double vs = fixed.ratio(p);
        return Double.isNaN(vs) ? "" : String.format(Locale.ROOT, "%+.1f%%", 100 * (vs - 1));
    }

    public static Map<String, Object> json(Map<String, Object> settings, List<SweepPoint> points) {
        Map<String, Object> m = new LinkedHashMap<>(settings);
        List<Object> rows = new ArrayList<>();
        FixedTimeCurve fixed = FixedTimeCurve.of(points);
        for (SweepPoint p : points) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("kind", p.kind());
            r.put("parameter", p.parameter());
            r.put("label", p.test().label());
            r.put("test", outcome(p.test()));
            if (p.holdout() != null) r.put("holdout", outcome(p.holdout()));
            double vs = fixed.ratio(p);
            if (!Double.isNaN(vs)) r.put("test_cpu_vs_fixed", vs);
            rows.add(r);
        }
        m.put("points", rows);
        return m;
    }

    /** Writes policy.csv, policy.json and the three plots into {@code dir}. */
    public static void write(Path dir, String title, Map<String, Object> settings, List<SweepPoint> points)
            throws IOException {
        Files.createDirectories(dir);
        writeText(dir.resolve("policy.csv"), csv(points));
        writeText(dir.resolve("policy.json"), Json.write(json(settings, points)) + "\n");
        Plots.accuracyVsAverageCost(dir.resolve("accuracy-vs-avg-mmacs.png"), title + ", test split",
                "average MMACs per image (fixed n: n models for every image; policies: where each image stopped)",
                "test accuracy (%)", series(points, Axis.TEST_MMACS));
        Plots.accuracyVsAverageCost(dir.resolve("accuracy-vs-ms.png"), title + ", test split",
                "measured CPU milliseconds per image (evaluating threads' CPU time; wall clock in policy.csv)",
                "test accuracy (%)", series(points, Axis.TEST_CPU_MS));
        Plots.accuracyVsAverageCost(dir.resolve("accuracy-vs-avg-mmacs-holdout.png"), title + ", held-out split",
                "average MMACs per image", "held-out accuracy (%): the images the policies were fitted on",
                series(points, Axis.HOLDOUT_MMACS));
    }

    /** What a plot shows: test accuracy against average MMACs or CPU time, or held-out accuracy against MMACs. */
    enum Axis { TEST_MMACS, TEST_CPU_MS, HOLDOUT_MMACS }

    /** One curve per kind, in the order the kinds first appear, sorted by cost. */
    static List<Plots.Series> series(List<SweepPoint> points, Axis axis) {
        Map<String, List<SweepPoint>> byKind = new LinkedHashMap<>();
        for (SweepPoint p : points) {
            // a point without a measured time (the oracle is simulated) has no place on the time axis
            if ((axis != Axis.HOLDOUT_MMACS || p.holdout() != null) && !(axis == Axis.TEST_CPU_MS && Double.isNaN(x(p, axis)))) {
                byKind.computeIfAbsent(p.kind(), k -> new ArrayList<>()).add(p);
            }
        }
        List<Plots.Series> out = new ArrayList<>();
        byKind.forEach((kind, list) -> {
            list = new ArrayList<>(list);
            list.sort((a, b) -> Double.compare(x(a, axis), x(b, axis)));
            double[] xs = new double[list.size()], ys = new double[list.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = x(list.get(i), axis);
                Outcome o = axis == Axis.HOLDOUT_MMACS ? list.get(i).holdout() : list.get(i).test();
                ys[i] = 100 * o.accuracy();
            }
            String name = switch (kind) {
                case "fixed" -> "fixed n";
                case "threshold" -> "confidence threshold (per budget)";
                case "learned" -> "learned policy, paper 002 (per lambda)";
                default -> kind;
            };
            out.add(new Plots.Series(name, xs, ys));
        });
        return out;
    }

    private static double x(SweepPoint p, Axis axis) {
        return switch (axis) {
            case TEST_MMACS -> p.test().averageMMacs();
            case TEST_CPU_MS -> p.test().cpuMsPerExample();
            case HOLDOUT_MMACS -> p.holdout().averageMMacs();
        };
    }

    private static Map<String, Object> outcome(Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", o.examples());
        m.put("accuracy", o.accuracy());
        m.put("avg_mmacs", o.averageMMacs());
        if (!Double.isNaN(o.msPerExample())) m.put("ms_per_image", o.msPerExample());
        if (!Double.isNaN(o.cpuMsPerExample())) m.put("cpu_ms_per_image", o.cpuMsPerExample());
        m.put("exits", o.exits());
        return m;
    }

    private static String exits(int[] e, String sep) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < e.length; i++) sb.append(i > 0 ? sep : "").append(e[i]);
        return sb.toString();
    }

    private static void writeText(Path file, String text) throws IOException {
        Path tmp = AtomicFiles.tempSibling(file, ".tmp");   // unique: two writers never share one
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
