package dev.hne.engine.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint file exists and could be read, but its bytes are not a well-formed checkpoint:
 * truncated, a broken header, an unsupported dtype, offsets that do not tile the data section.
 *
 * <p>The message always reads {@code "<file>: <problem>"} so that a log line alone says which file
 * to look at and what to look for. Plain I/O failures (missing file, permissions) stay ordinary
 * {@link IOException}s; this type means "the file is bad", not "the disk is bad".
 */
public final class CheckpointFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    public CheckpointFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    /** The file that was rejected. */
    public Path file() {
        return file;
    }

    /** What is wrong with it, without the file name. */
    public String problem() {
        return problem;
    }
}
