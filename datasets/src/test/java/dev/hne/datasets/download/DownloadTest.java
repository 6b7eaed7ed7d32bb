/*
 * DownloadTest: the download path against a local HTTP server on 127.0.0.1 (never an external
 * host): a generated CIFAR-10 archive is fetched, MD5-checked, unpacked and read; a corrupted
 * archive fails the checksum and leaves nothing behind; an unreachable server and a 404 give
 * clear messages.
 */
package dev.hne.datasets.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.hne.datasets.ByteImageDataset;
import dev.hne.datasets.DatasetException;
import dev.hne.datasets.DatasetOptions;
import dev.hne.datasets.Datasets;
import dev.hne.datasets.Fixtures;
import dev.hne.datasets.cifar.CifarLocator;
import dev.hne.datasets.cifar.CifarReader;
import dev.hne.datasets.cifar.CifarVariant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadTest {

    @TempDir
    Path tmp;

    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private Downloader downloader;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        downloader = new Downloader(Duration.ofSeconds(5), new PrintStream(log, true));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/files/");
    }

    /** A small but complete cifar-10-binary.tar.gz, as the official one is laid out. */
    private byte[] cifarArchive() throws IOException {
        Path src = tmp.resolve("src");
        Path folder = src.resolve("cifar-10-batches-bin");
        Fixtures.cifar10Folder(folder, 2, 3, 11);
        Path archive = tmp.resolve("made.tar.gz");
        try (Stream<Path> s = Files.list(folder)) {
            Fixtures.tarGz(archive, src, s.sorted().toList());
        }
        return Files.readAllBytes(archive);
    }

    @Test
    void downloadsVerifiesUnpacksAndReads() throws IOException {
        byte[] archive = cifarArchive();
        served.put("/files/cifar-10-binary.tar.gz", archive);
        Path archiveFile = tmp.resolve("made.tar.gz");
        RemoteFile remote = new RemoteFile(base().resolve("cifar-10-binary.tar.gz"), Downloader.md5(archiveFile));
        Path cache = tmp.resolve("cache");

        Path folder = CifarLocator.locate(cache, CifarVariant.CIFAR10, remote, downloader);
        assertEquals(cache.resolve("cifar-10-batches-bin"), folder);
        ByteImageDataset train = CifarReader.read(folder, CifarVariant.CIFAR10, true, false);
        assertEquals(10, train.size());
        assertEquals(3, CifarReader.read(folder, CifarVariant.CIFAR10, false, false).size());
        assertTrue(log.toString().contains("downloading " + remote.uri()), log.toString());
        // Only the unpacked folder stays: no archive, no .part, no temporary folder.
        try (Stream<Path> s = Files.list(cache)) {
            assertEquals(List.of(folder), s.toList());
        }
        // A second call finds it without the server.
        server.stop(0);
        assertEquals(folder, CifarLocator.locate(cache, CifarVariant.CIFAR10, remote, downloader));
    }

    @Test
    void corruptDownloadFailsChecksumAndKeepsNothing() throws IOException {
        byte[] archive = cifarArchive();
        String md5 = Downloader.md5(tmp.resolve("made.tar.gz"));
        archive[archive.length / 2] ^= 0x55;
        served.put("/files/cifar-10-binary.tar.gz", archive);
        Path cache = tmp.resolve("cache");
        RemoteFile remote = new RemoteFile(base().resolve("cifar-10-binary.tar.gz"), md5);

        DatasetException e = assertThrows(DatasetException.class, () -> downloader.fetch(remote, cache));
        assertTrue(e.getMessage().startsWith(remote.uri() + ": checksum mismatch, MD5 "), e.getMessage());
        assertTrue(e.getMessage().contains("expected " + md5), e.getMessage());
        try (Stream<Path> s = Files.list(cache)) {
            assertEquals(0, s.count(), "nothing may be left in the cache");
        }
        // Through the locator the message also says where it looked and how to fix it.
        e = assertThrows(DatasetException.class,
                () -> CifarLocator.locate(cache, CifarVariant.CIFAR10, remote, downloader));
        assertTrue(e.getMessage().startsWith("cifar10 not found (looked in ["), e.getMessage());
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("point --data / HNE_DATA"), e.getMessage());
    }

    @Test
    void missingFileOnServerIsHttp404() {
        RemoteFile remote = new RemoteFile(base().resolve("nothing.tar.gz"), "00000000000000000000000000000000");
        DatasetException e = assertThrows(DatasetException.class, () -> downloader.fetch(remote, tmp.resolve("c")));
        assertEquals(remote.uri() + ": HTTP 404, expected 200", e.getMessage());
    }

    @Test
    void unreachableServerThroughTheRegistry() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // free once closed: connections are refused
        }
        Path cache = tmp.resolve("cache");
        DatasetOptions o = DatasetOptions.defaults().withDataDir(cache)
                .withMirror(URI.create("http://127.0.0.1:" + closedPort + "/mirror"));
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.open("cifar10", o).train());
        String m = e.getMessage();
        assertTrue(m.startsWith("cifar10 not found (looked in [" + cache.resolve("cifar-10-batches-bin")), m);
        assertTrue(m.contains("http://127.0.0.1:" + closedPort + "/mirror/cifar-10-binary.tar.gz: download failed"), m);
        assertTrue(m.contains("ConnectException"), m);

        DatasetException off = assertThrows(DatasetException.class,
                () -> Datasets.open("cifar100", o.withDownload(false)).test());
        assertTrue(off.getMessage().contains("downloading is off"), off.getMessage());
        assertTrue(off.getMessage().contains("cifar-100-binary.tar.gz"), off.getMessage());
    }

    @Test
    void archiveEscapingTheTargetIsRefused() throws IOException {
        Path src = tmp.resolve("evil");
        Files.createDirectories(src.resolve("a"));
        Path inside = src.resolve("a/x.txt");
        Files.writeString(inside, "x");
        Path archive = tmp.resolve("evil.tar.gz");
        try (OutputStream out = Files.newOutputStream(archive);
             java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out);
             org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar =
                     new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(gz)) {
            var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("../outside.txt");
            entry.setSize(1);
            tar.putArchiveEntry(entry);
            tar.write('x');
            tar.closeArchiveEntry();
        }
        DatasetException e = assertThrows(DatasetException.class, () -> TarGz.extract(archive, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("points outside"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("outside.txt")));
    }
}
