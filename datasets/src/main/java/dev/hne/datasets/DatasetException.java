/*
 * DatasetException: the one error type for bad or missing data.
 *
 * Every message names the file (or directory) and, where it makes sense, the byte offset or sample
 * index, and says what was expected, in one line, e.g.
 *   .../train-images-idx3-ubyte.gz: bad magic number 0x00000000 at offset 0, expected 0x00000803 (IDX images)
 * The CLI prints that line and exits with code 2, so the message must stand on its own.
 *
 * It is not for programming errors (a negative batch size, an index out of range): those are
 * IllegalArgumentException / IndexOutOfBoundsException as usual.
 */
package dev.hne.datasets;

import java.nio.file.Path;

public final class DatasetException extends RuntimeException {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "{file}: {problem}" — the usual shape of a message. */
    public static DatasetException at(Path file, String problem) {
        return new DatasetException(file + ": " + problem);
    }

    public static DatasetException at(Path file, String problem, Throwable cause) {
        return new DatasetException(file + ": " + problem, cause);
    }
}
