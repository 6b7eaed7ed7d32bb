package dev.hne.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * I/O failures as one line that names the operation and the path: "cannot write checkpoint
 * runs/x/last.safetensors: No space left on device". Java's own messages often hold only the path
 * ({@code AccessDeniedException: /x}) or only the reason ({@code No space left on device}); the CLI
 * prints these lines as they are and exits with 2.
 */
public final class IoErrors {

    private IoErrors() {}

    /** "cannot {operation} {path}: {reason}". */
    public static UncheckedIOException describe(String operation, Path path, IOException e) {
        return new UncheckedIOException("cannot " + operation + " " + path + ": " + reason(e), e);
    }

    /** The reason in words, without the path Java may have put into the message. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied" + other(e);
        if (e instanceof NoSuchFileException) return "no such file or directory" + other(e);
        if (e instanceof NotDirectoryException) return "not a directory" + other(e);
        if (e instanceof DirectoryNotEmptyException) return "a non-empty directory is in the way" + other(e);
        if (e instanceof FileAlreadyExistsException) return "exists and is in the way" + other(e);
        if (e instanceof FileSystemException f) {
            return (f.getReason() != null ? f.getReason() : e.getClass().getSimpleName()) + other(e);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** ", at OTHER" when the file that failed is not the one named by the operation (a temp file, a parent). */
    private static String other(IOException e) {
        FileSystemException f = (FileSystemException) e;
        return f.getFile() == null ? "" : " (" + f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "")
                + ")";
    }

    /** An I/O action that may fail. */
    public interface Action {
        void run() throws IOException;
    }

    /** Runs {@code action}; a failure becomes {@link #describe}'s one line. */
    public static void doing(String operation, Path path, Action action) {
        try {
            action.run();
        } catch (IOException e) {
            throw describe(operation, path, e);
        }
    }
}
