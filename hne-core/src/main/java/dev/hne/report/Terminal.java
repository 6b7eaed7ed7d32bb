package dev.hne.report;

import dev.hne.engine.RuntimeOptions;

/**
 * Whether a person is watching: the one place that decides between a live progress bar (redrawn
 * with carriage returns) and plain lines a log file can hold. Java 17 has a console only when
 * standard input and output are both a terminal, so {@code ./hne train > log} and every test get
 * plain lines; {@code -Dhne.plainProgress=true} asks for plain lines on a terminal too.
 */
public final class Terminal {

    private Terminal() {}

    /** True when progress may be drawn with carriage returns. */
    public static boolean interactive() {
        return System.console() != null && !RuntimeOptions.current().plainProgress();
    }
}
