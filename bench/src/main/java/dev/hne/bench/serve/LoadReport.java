package dev.hne.bench.serve;

import dev.hne.report.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes the load test's serve-load.csv, serve-load.md (a markdown table) and serve-load.png. */
final class LoadReport {

    private LoadReport() {}

    static void write(Path dir, double[] multiples, List<LoadSummary> anytime, List<LoadSummary> fixed, double sustained,
                      double deadlineMs, double seconds, String note) throws IOException {
        StringBuilder csv = new StringBuilder("multiple," + LoadSummary.CSV_HEADER + "\n");
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Sustained rate of the fixed n = N server (1x): %.1f requests/s; deadline %s ms;"
                + " %s s per run.%s%n%n", sustained, fmt(deadlineMs), fmt(seconds), note.isEmpty() ? "" : " " + note));
        md.append("| load | server | offered req/s | answered/s | shed | errors | p50 ms | p99 ms | server p99 ms | in deadline | accuracy | mean members |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < multiples.length; i++) {
            for (LoadSummary s : List.of(anytime.get(i), fixed.get(i))) {
                csv.append(fmt(multiples[i])).append(',').append(s.csvRow()).append('\n');
                md.append(String.format(Locale.ROOT, "| %sx | %s | %.1f | %.1f | %d | %d | %.1f | %.1f | %.1f | %.1f%% | %.2f%% | %.2f |%n",
                        fmt(multiples[i]), s.server(), s.offeredRate(), s.throughput(), s.shed(), s.errors(), s.p50Ms(),
                        s.p99Ms(), s.serverP99Ms(), 100 * s.metDeadline(), 100 * s.accuracy(), s.meanMembers()));
            }
        }
        AtomicFiles.writeText(dir.resolve("serve-load.csv"), csv.toString());
        AtomicFiles.writeText(dir.resolve("serve-load.md"), md.toString());
        ServeLoadPlot.write(dir.resolve("serve-load.png"), String.format(Locale.ROOT,
                "Anytime vs fixed n = N under open-loop load (deadline %s ms)", fmt(deadlineMs)), multiples, anytime, fixed,
                deadlineMs);
    }

    /** The 1-minute load average, as uptime prints it first ("?" where /proc is not there). */
    static String load() {
        try {
            return "load " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "load ?";
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
