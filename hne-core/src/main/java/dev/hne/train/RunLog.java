package dev.hne.train;

import dev.hne.report.IoErrors;
import dev.hne.report.TeeWriter;
import dev.hne.report.Terminal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code <out>/train.log}: everything a run prints, kept next to its checkpoint. A run appends to
 * it (a resumed run continues the same log), opening with a line that says when, which process and
 * what command. Two writers feed it:
 * <ul>
 *   <li>{@link #out()}: the console's standard output and the file (header, epoch lines, tables);</li>
 *   <li>{@link #progress()}: the per-step progress lines. On a terminal the console shows a live bar
 *       instead ({@link Progress}), so these go to the file only; elsewhere to stderr and the file.</li>
 * </ul>
 * A run that stops with an error notes the reason in the file too ({@link #note}).
 */
public final class RunLog implements AutoCloseable {

    public static final String FILE = "train.log";

    private final Path path;
    private final Writer file;   // null: no file (ranks > 0 of a data-parallel job write nothing)
    private final PrintWriter out;
    private final PrintWriter progress;

    private RunLog(Path path, Writer file, PrintWriter out, PrintWriter progress) {
        this.path = path;
        this.file = file;
        this.out = out;
        this.progress = progress;
    }

    /** Opens {@code <dir>/train.log} for appending and writes the start line naming {@code command}. */
    public static RunLog open(Path dir, PrintWriter stdout, PrintWriter stderr, String command) {
        Path path = dir.resolve(FILE);
        Writer file;
        try {
            file = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw IoErrors.describe("open the log", path, e);
        }
        PrintWriter fileOnly = new PrintWriter(file, true);
        RunLog log = new RunLog(path, file, new PrintWriter(new TeeWriter(stdout, file), true),
                Terminal.interactive() ? fileOnly : new PrintWriter(new TeeWriter(stderr, file), true));
        log.note("--- " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", PID " + ProcessHandle.current().pid()
                + ": " + command);
        return log;
    }

    /** No file: the console alone (a rank other than 0; a run whose folder could not be opened). */
    public static RunLog consoleOnly(PrintWriter stdout, PrintWriter stderr) {
        return new RunLog(null, null, stdout, stderr);
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter progress() {
        return progress;
    }

    /** One line in the file only (the start line; why a run stopped). */
    public void note(String line) {
        if (file == null) return;
        try {
            file.write(line + System.lineSeparator());
            file.flush();
        } catch (IOException e) {
            throw IoErrors.describe("write the log", path, e);
        }
    }

    @Override
    public void close() {
        out.flush();
        progress.flush();
        if (file == null) return;
        try {
            file.close();
        } catch (IOException ignored) {
            // every line was flushed as it was written; nothing is lost here
        }
    }
}
