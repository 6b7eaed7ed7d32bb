/*
 * Downloader: fetch one file over HTTP(S) into a directory, verify its MD5, and only then give it
 * its final name (written to a temporary file in the same directory, then moved atomically), so a
 * half-finished or corrupt download never looks like a good one.
 *
 * Progress goes to stderr in 10% steps. Failures are DatasetExceptions naming the URL or file.
 * It is not a general HTTP client: no resume, retries or authentication.
 */
package dev.hne.datasets.download;

import dev.hne.datasets.DatasetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

public final class Downloader {

    private final HttpClient client;
    private final PrintStream log;

    public Downloader(Duration connectTimeout, PrintStream log) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.log = log;
    }

    /** 15 s to connect, progress on stderr. */
    public static Downloader standard() {
        return new Downloader(Duration.ofSeconds(15), System.err);
    }

    /**
     * Downloads {@code remote} to {@code dir/remote.fileName()} and returns that path. An existing
     * file with the right MD5 is reused without downloading.
     */
    public Path fetch(RemoteFile remote, Path dir) {
        Path target = dir.resolve(remote.fileName());
        if (Files.isRegularFile(target) && md5(target).equals(remote.md5())) {
            return target;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw DatasetException.at(dir, "cannot create download directory: " + e.getMessage(), e);
        }
        Path part;
        try {
            part = Files.createTempFile(dir, remote.fileName() + ".", ".part");
        } catch (IOException e) {
            throw DatasetException.at(dir, "cannot write here: " + e.getMessage(), e);
        }
        try {
            String got = download(remote, part);
            if (!got.equals(remote.md5())) {
                throw new DatasetException(remote.uri() + ": checksum mismatch, MD5 " + got + ", expected "
                        + remote.md5() + " (download corrupt or not the official file; nothing was kept)");
            }
            move(part, target);
            return target;
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // a stray .part file is harmless; the real error (if any) is already on its way
            }
        }
    }

    /** Streams the body into {@code part}, returning its MD5 in lower-case hex. */
    private String download(RemoteFile remote, Path part) {
        HttpRequest request = HttpRequest.newBuilder(remote.uri()).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new DatasetException(remote.uri() + ": download failed (" + describe(e)
                    + "), expected a reachable HTTP server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException(remote.uri() + ": download interrupted", e);
        }
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(part)) {
            if (response.statusCode() != 200) {
                throw new DatasetException(remote.uri() + ": HTTP " + response.statusCode() + ", expected 200");
            }
            log.println("downloading " + remote.uri() + (length > 0 ? " (" + length / (1 << 20) + " MiB)" : ""));
            MessageDigest md = newMd5();
            byte[] buf = new byte[1 << 16];
            long done = 0;
            int lastTenth = 0;
            for (int r; (r = in.read(buf)) > 0; ) {
                out.write(buf, 0, r);
                md.update(buf, 0, r);
                done += r;
                if (length > 0 && done * 10 / length > lastTenth) {
                    lastTenth = (int) (done * 10 / length);
                    log.println("  " + lastTenth * 10 + "%");
                }
            }
            if (length > 0 && done != length) {
                throw new DatasetException(remote.uri() + ": connection closed after " + done + " of " + length + " bytes");
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new DatasetException(remote.uri() + ": download failed (" + describe(e) + ")", e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            try {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e2) {
                throw DatasetException.at(to, "cannot move download into place: " + e2.getMessage(), e2);
            }
        } catch (IOException e) {
            throw DatasetException.at(to, "cannot move download into place: " + e.getMessage(), e);
        }
    }

    /** MD5 of a file in lower-case hex. */
    public static String md5(Path file) {
        MessageDigest md = newMd5();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
        } catch (IOException e) {
            throw DatasetException.at(file, "cannot read: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /** java.net exceptions often have a null message (ConnectException); name the class then. */
    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
