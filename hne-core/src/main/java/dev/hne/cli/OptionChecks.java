package dev.hne.cli;

import dev.hne.tree.Topology;

/**
 * One-line checks of numeric options, shared by every subcommand: each names the option, the
 * range it must lie in, and the value it got. picocli happily parses "NaN" and "Infinity" into a
 * double, so every real-valued option is checked for being finite as well as for its range.
 */
final class OptionChecks {

    private OptionChecks() {}

    /** A finite number > 0 (a learning rate, a temperature). */
    static double positive(String option, double value) {
        if (!(Double.isFinite(value) && value > 0)) {
            throw new UserException(option + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    /** A finite number >= 0 (weight decay, warm-up epochs). */
    static double nonNegative(String option, double value) {
        if (!(Double.isFinite(value) && value >= 0)) {
            throw new UserException(option + " must be a finite number >= 0, got " + value);
        }
        return value;
    }

    /** A finite number in [lo, hi] (alpha), or in [lo, hi) when {@code hiIncluded} is false (momentum). */
    static double within(String option, double value, double lo, double hi, boolean hiIncluded) {
        boolean ok = Double.isFinite(value) && value >= lo && (hiIncluded ? value <= hi : value < hi);
        if (!ok) {
            throw new UserException(option + " must be in [" + lo + ", " + hi + (hiIncluded ? "]" : ")") + ", got "
                    + value);
        }
        return value;
    }

    /** An integer >= min (sizes, counts, seeds of loops). */
    static int atLeast(String option, int value, int min) {
        if (value < min) {
            throw new UserException(option + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    /** Epoch milestones: positive and strictly increasing. */
    static int[] increasing(String option, int[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 1 || (i > 0 && values[i] <= values[i - 1])) {
                throw new UserException(option + " must be positive and increasing, got "
                        + java.util.Arrays.toString(values));
            }
        }
        return values;
    }

    /**
     * A tree shape by name (the tree's depth, which {@link Topology#parse} also needs, is checked
     * when the tree is built); anytime networks have no tree shape to choose.
     */
    static String topology(String option, String value, boolean ann) {
        if (!value.matches("hne|independent|multi-branch(:[0-9]{1,3})?")) {
            throw new UserException(option + ": unknown topology '" + value + "'; use " + Topology.NAMES);
        }
        if (ann && !value.equals("hne")) {
            throw new UserException(option + " " + value + " is for HNE trees; an anytime network (ann-resnet*) has none");
        }
        return value;
    }
}
