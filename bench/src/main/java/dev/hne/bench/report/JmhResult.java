package dev.hne.bench.report;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of JMH's JSON result file ({@code -rf json -rff results.json}): which benchmark method,
 * its mode, its parameters and its primary score, converted to milliseconds.
 *
 * @param benchmark fully qualified method, e.g. {@code dev.hne.bench.AnytimeLatencyBenchmark.firstN}
 * @param mode      JMH's short name: "sample", "avgt", "ss", "thrpt"
 * @param scoreMs   JMH's score (the mean for sample and average modes), ms per operation
 * @param errorMs   the half-width of JMH's 99.9% confidence interval (NaN with too few iterations)
 * @param medianMs  the 50th percentile JMH reports (in sample mode, of all sampled calls)
 */
public record JmhResult(String benchmark, String mode, Map<String, String> params, double scoreMs, double errorMs,
                        double medianMs) {

    /** The benchmark class's simple name, e.g. {@code PeerAnytimeLatencyBenchmark}. */
    public String className() {
        String[] parts = benchmark.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] : benchmark;
    }

    /** Whether this is the PyTorch peer's measurement (classes of dev.hne.bench.peer, named Peer*). */
    public boolean isPeer() {
        return className().startsWith("Peer");
    }

    /** Whether this is the ONNX Runtime peer's measurement (classes of dev.hne.bench.ort, named Ort*). */
    public boolean isOrt() {
        return className().startsWith("Ort");
    }

    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException(benchmark + " has no parameter '" + name + "' (has " + params.keySet() + ")");
        }
        return v;
    }

    /** Parses a whole result file: a JSON array of JMH entries. */
    @SuppressWarnings("unchecked")
    public static List<JmhResult> parse(String json) {
        Object root;
        try {
            root = new Gson().fromJson(json, Object.class);   // objects -> Map, arrays -> List, numbers -> Double
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("JMH JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof List<?> entries)) {
            throw new IllegalArgumentException("JMH JSON: expected an array of results at the top level");
        }
        List<JmhResult> out = new ArrayList<>();
        for (Object e : entries) {
            Map<String, Object> m = (Map<String, Object>) e;
            String benchmark = (String) m.get("benchmark");
            Map<String, String> params = new LinkedHashMap<>();
            Object p = m.get("params");
            if (p instanceof Map<?, ?> pm) {
                pm.forEach((k, v) -> params.put((String) k, String.valueOf(v)));
            }
            Map<String, Object> metric = (Map<String, Object>) m.get("primaryMetric");
            double toMs = millisPerUnit((String) metric.get("scoreUnit"), benchmark);
            double score = number(metric.get("score")) * toMs;
            double error = number(metric.get("scoreError")) * toMs;
            double median = score;
            if (metric.get("scorePercentiles") instanceof Map<?, ?> pct && pct.get("50.0") != null) {
                median = number(pct.get("50.0")) * toMs;
            }
            out.add(new JmhResult(benchmark, (String) m.get("mode"), params, score, error, median));
        }
        return out;
    }

    /** A JSON number, or a string JMH writes for one ("NaN", "Infinity"), as a double. */
    private static double number(Object v) {
        if (v instanceof Number d) {
            return d.doubleValue();
        }
        if (v instanceof String str) {
            return Double.parseDouble(str);
        }
        throw new IllegalArgumentException("JMH JSON: expected a number, got " + v);
    }

    /** Milliseconds in one unit of a time-per-operation score ("ms/op", "s/op", "us/op", "ns/op"). */
    static double millisPerUnit(String unit, String benchmark) {
        return switch (unit) {
            case "s/op" -> 1e3;
            case "ms/op" -> 1;
            case "us/op" -> 1e-3;
            case "ns/op" -> 1e-6;
            default -> throw new IllegalArgumentException(benchmark + ": score unit " + unit
                    + " is not a time per operation; run the benchmark in a time mode (sample, avgt or ss)");
        };
    }
}
