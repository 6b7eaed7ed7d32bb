package dev.hne.cli;

import dev.hne.train.SettingChecks;
import java.util.function.Supplier;

/**
 * One-line checks of numeric options, shared by every subcommand: the rules themselves are
 * {@link SettingChecks} (which the training configuration's records also use); this class only
 * turns a broken rule into a {@link UserException}, so the command exits 2 with that one line.
 */
final class OptionChecks {

    private OptionChecks() {}

    /** A finite number > 0 (a learning rate, a temperature). */
    static double positive(String option, double value) {
        return user(() -> SettingChecks.positive(option, value));
    }

    /** A finite number >= 0 (weight decay, warm-up epochs). */
    static double nonNegative(String option, double value) {
        return user(() -> SettingChecks.nonNegative(option, value));
    }

    /** A finite number in [lo, hi] (alpha), or in [lo, hi) when {@code hiIncluded} is false (momentum). */
    static double within(String option, double value, double lo, double hi, boolean hiIncluded) {
        return user(() -> SettingChecks.within(option, value, lo, hi, hiIncluded));
    }

    /** An integer >= min (sizes, counts, seeds of loops). */
    static int atLeast(String option, int value, int min) {
        return user(() -> SettingChecks.atLeast(option, value, min));
    }

    /** Epoch milestones: positive and strictly increasing. */
    static int[] increasing(String option, int[] values) {
        return user(() -> SettingChecks.increasing(option, values));
    }

    /** A broken rule as the command line's one-line error. */
    static <T> T user(Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }
}
