package dev.hne.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What one in-process run of the CLI returned and printed: the CLI tests' common helper. */
record CliRun(int code, String out, String err) {

    /** Runs {@code ./hne args...} through {@link Main#run}, capturing standard output and error. */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The command line {@code ./hne command tree... --out out more...}: a test's fixed tree options plus its own. */
    static String[] args(String command, String[] tree, Path out, String... more) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(tree));
        all.addAll(List.of("--out", out.toString()));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
