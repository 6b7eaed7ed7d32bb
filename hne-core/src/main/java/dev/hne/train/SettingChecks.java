package dev.hne.train;

import java.util.Arrays;

/**
 * The range rules of numeric settings, each in one place: the configuration records check their own
 * fields with them, and the command line's option checks ({@code dev.hne.cli.OptionChecks}) call the
 * same methods. Every message names the option as the user typed it, its range and the value it got,
 * so a wrong option stays a one-line error. Real-valued settings must also be finite (picocli parses
 * "NaN" and "Infinity").
 */
public final class SettingChecks {

    private SettingChecks() {}

    /** A finite number > 0 (a learning rate, a temperature). */
    public static double positive(String option, double value) {
        if (!(Double.isFinite(value) && value > 0)) {
            throw new IllegalArgumentException(option + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    /** A finite number >= 0 (weight decay, warm-up epochs). */
    public static double nonNegative(String option, double value) {
        if (!(Double.isFinite(value) && value >= 0)) {
            throw new IllegalArgumentException(option + " must be a finite number >= 0, got " + value);
        }
        return value;
    }

    /** A finite number in [lo, hi] (alpha), or in [lo, hi) when {@code hiIncluded} is false (momentum). */
    public static double within(String option, double value, double lo, double hi, boolean hiIncluded) {
        boolean ok = Double.isFinite(value) && value >= lo && (hiIncluded ? value <= hi : value < hi);
        if (!ok) {
            throw new IllegalArgumentException(option + " must be in [" + lo + ", " + hi + (hiIncluded ? "]" : ")")
                    + ", got " + value);
        }
        return value;
    }

    /** An integer >= min (sizes, counts). */
    public static int atLeast(String option, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    /** Epoch milestones: positive and strictly increasing. */
    public static int[] increasing(String option, int[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 1 || (i > 0 && values[i] <= values[i - 1])) {
                throw new IllegalArgumentException(option + " must be positive and increasing, got "
                        + Arrays.toString(values));
            }
        }
        return values;
    }
}
