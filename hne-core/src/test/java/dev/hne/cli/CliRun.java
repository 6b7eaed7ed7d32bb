package dev.hne.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** What one in-process run of the CLI returned and printed: the CLI tests' common helper. */
record CliRun(int code, String out, String err) {

    /** Runs {@code ./hne args...} through {@link Main#run}, capturing standard output and error. */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
