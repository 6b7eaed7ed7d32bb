package dev.hne.bench.repro;

import java.util.Locale;

/**
 * Mean and sample standard deviation (n - 1 in the denominator) of one quantity over seeds: the
 * only arithmetic of the reproduction report. With one seed the spread is unknown (NaN), not zero.
 */
public record SeedStats(int count, double mean, double std) {

    public static SeedStats of(double... values) {
        if (values.length == 0) throw new IllegalArgumentException("no values");
        double sum = 0;
        for (double v : values) sum += v;
        double mean = sum / values.length;
        if (values.length == 1) return new SeedStats(1, mean, Double.NaN);
        double squares = 0;
        for (double v : values) squares += (v - mean) * (v - mean);
        return new SeedStats(values.length, mean, Math.sqrt(squares / (values.length - 1)));
    }

    /** "87.35 ± 0.42", scaled (100 for percent), or "87.35 (1 seed)". */
    public String format(double scale, int decimals) {
        String f = "%." + decimals + "f";
        String m = String.format(Locale.ROOT, f, scale * mean);
        return count < 2 ? m + " (1 seed)" : m + " ± " + String.format(Locale.ROOT, f, scale * std);
    }
}
