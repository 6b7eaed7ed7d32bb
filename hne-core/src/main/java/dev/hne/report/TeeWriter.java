package dev.hne.report;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes everything to two writers (the console and a log file). Closing it only flushes them:
 * each writer belongs to whoever opened it.
 */
public final class TeeWriter extends Writer {

    private final Writer first;
    private final Writer second;

    public TeeWriter(Writer first, Writer second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        first.write(chars, offset, length);
        second.write(chars, offset, length);
    }

    @Override
    public void flush() throws IOException {
        first.flush();
        second.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
