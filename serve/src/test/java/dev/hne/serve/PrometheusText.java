package dev.hne.serve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), written for the tests
 * from the format's description, independent of the client library that writes /metrics: every
 * line is a {@code # HELP}, a {@code # TYPE} or a sample {@code name{label="value",...} number};
 * a sample's family must have been TYPEd before it. Anything else throws.
 */
final class PrometheusText {

    record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|$)");

    final Map<String, String> types = new HashMap<>();
    final List<Sample> samples = new ArrayList<>();

    static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) continue;
            if (line.startsWith("# HELP ")) {
                if (!NAME.matcher(line.substring(7).split(" ", 2)[0]).matches()) throw bad(lineNo, line);
            } else if (line.startsWith("# TYPE ")) {
                String[] f = line.substring(7).split(" ");
                if (f.length != 2 || !NAME.matcher(f[0]).matches()
                        || !List.of("counter", "gauge", "histogram", "summary", "untyped").contains(f[1])) throw bad(lineNo, line);
                p.types.put(f[0], f[1]);
            } else if (line.startsWith("#")) {
                continue;   // other comments are allowed
            } else {
                Matcher m = SAMPLE.matcher(line);
                if (!m.matches()) throw bad(lineNo, line);
                String name = m.group(1);
                if (p.family(name) == null) throw new IllegalArgumentException("line " + lineNo + ": sample before its # TYPE: " + line);
                Map<String, String> labels = new LinkedHashMap<>();
                if (m.group(3) != null && !m.group(3).isEmpty()) {
                    Matcher l = LABEL.matcher(m.group(3));
                    int end = 0;
                    while (l.find() && l.start() == end) {
                        labels.put(l.group(1), l.group(2));
                        end = l.end();
                    }
                    if (end != m.group(3).length()) throw bad(lineNo, line);
                }
                p.samples.add(new Sample(name, labels, value(m.group(4), lineNo, line)));
            }
        }
        return p;
    }

    /** The TYPEd family a sample name belongs to (histograms add _bucket, _sum, _count; counters _total). */
    String family(String sample) {
        if (types.containsKey(sample)) return sample;
        for (String suffix : new String[] {"_bucket", "_sum", "_count", "_total", "_created"}) {
            if (sample.endsWith(suffix) && types.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        return null;
    }

    /** The one sample with this name and labels; throws if absent. */
    double value(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + labels)).value();
    }

    List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    private static double value(String s, int lineNo, String line) {
        switch (s) {
            case "+Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            case "NaN": return Double.NaN;
            default:
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw bad(lineNo, line);
                }
        }
    }

    private static IllegalArgumentException bad(int lineNo, String line) {
        return new IllegalArgumentException("line " + lineNo + " is not Prometheus text format: " + line);
    }
}
