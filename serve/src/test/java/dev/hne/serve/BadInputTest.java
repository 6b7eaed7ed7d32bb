package dev.hne.serve;

import static dev.hne.serve.TinyServer.json;
import static dev.hne.serve.TinyServer.post;
import static dev.hne.serve.TinyServer.rawTensor;
import static dev.hne.serve.TinyServer.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.hne.datasets.Dataset;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad requests get 400 and one line naming the problem; the server keeps serving, and a long run
 * of them leaves the heap (after a full GC) where it was. Also: a PNG and the raw tensor of the same
 * pixels give the same answer (the image path is the training data's preprocessing).
 */
class BadInputTest {

    @TempDir
    static Path dir;
    static Dataset test;
    static TinyServer.Running server;
    static final int LIMIT = 64 * 1024;

    @BeforeAll
    static void serve() {
        Path checkpoint = TinyServer.train(dir.resolve("run"), "resnet-hne-small", "2");
        test = TinyServer.testSplit(checkpoint);
        server = TinyServer.serve(checkpoint, TinyServer.settings(64), LIMIT, true);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String predict(String query) {
        return server.url() + "/v1/predict" + query;
    }

    /** An 8-bit PNG, gray (1 band) or RGB, of w x h pixels whose values are {@code value(c, y, x)}. */
    static byte[] png(int w, int h, boolean rgb, int seed) throws Exception {
        BufferedImage img = new BufferedImage(w, h, rgb ? BufferedImage.TYPE_3BYTE_BGR : BufferedImage.TYPE_BYTE_GRAY);
        var raster = img.getRaster();
        for (int c = 0; c < (rgb ? 3 : 1); c++) {
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) raster.setSample(x, y, c, (seed + 37 * c + 11 * y + 5 * x) % 256);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** Each case: the request and a word its error line must contain. */
    private static List<Object[]> badRequests() throws Exception {
        byte[] good = rawTensor(test, 0);
        byte[] nan = good.clone();
        nan[3] = (byte) 0x7f;
        nan[2] = (byte) 0xc0;   // float 0 becomes NaN (0x7fc0....)
        String octet = "application/octet-stream";
        return List.of(
                new Object[] {post(predict(""), octet, new byte[LIMIT + 1]), "limit"},
                new Object[] {post(predict(""), octet, new byte[good.length - 4]), "bytes"},
                new Object[] {post(predict(""), octet, nan), "finite"},
                new Object[] {post(predict(""), octet, new byte[0]), "empty"},
                new Object[] {post(predict(""), "image/png", "not a png at all".getBytes(StandardCharsets.UTF_8)), "image"},
                new Object[] {post(predict(""), "image/png", png(16, 16, true, 1)), "16x16"},
                new Object[] {post(predict(""), "image/png", png(32, 32, false, 1)), "channel"},
                new Object[] {post(predict(""), "text/plain", good), "Content-Type"},
                new Object[] {post(predict(""), "application/json", "{\"tensor\": [1, 2,".getBytes(StandardCharsets.UTF_8)), "JSON"},
                new Object[] {post(predict(""), "application/json", "{\"tensor\": [1], \"colour\": 3}".getBytes(StandardCharsets.UTF_8)), "unknown field"},
                new Object[] {post(predict(""), "application/json", "{\"tensor\": [1, 2]}".getBytes(StandardCharsets.UTF_8)), "3x32x32"},
                new Object[] {post(predict(""), "application/json", "[1, 2]".getBytes(StandardCharsets.UTF_8)), "object"},
                new Object[] {post(predict("?deadline_ms=-5"), octet, good), "deadline_ms"},
                new Object[] {post(predict("?deadline_ms=soon"), octet, good), "deadline_ms"},
                new Object[] {post(predict("?members=0"), octet, good), "members"},
                new Object[] {post(predict("?members=9"), octet, good), "members"},
                new Object[] {post(predict("?members=1.5"), octet, good), "whole"},
                new Object[] {post(predict("?colour=red"), octet, good), "unknown query parameter"});
    }

    @Test
    void everyBadRequestGets400WithOneLineNamingTheProblem() throws Exception {
        for (Object[] c : badRequests()) {
            HttpResponse<String> r = send((HttpRequest) c[0]);
            assertEquals(400, r.statusCode(), c[1] + ": " + r.body());
            String error = json(r).get("error").getAsString();
            assertFalse(error.contains("\n") || r.body().trim().contains("\n"), r.body());
            assertTrue(error.contains((String) c[1]), "expected '" + c[1] + "' in: " + error);
        }
        HttpResponse<String> ok = send(post(predict(""), "application/octet-stream", rawTensor(test, 0)));
        assertEquals(200, ok.statusCode(), "still serving after bad requests: " + ok.body());
    }

    @Test
    void aLongRunOfBadRequestsLeavesTheHeapFlat() throws Exception {
        List<Object[]> bad = badRequests();
        for (int i = 0; i < 200; i++) send((HttpRequest) bad.get(i % bad.size())[0]);   // warm: classes, buffers, pools
        long before = heapAfterGc();
        for (int i = 0; i < 3000; i++) assertEquals(400, send((HttpRequest) bad.get(i % bad.size())[0]).statusCode());
        long after = heapAfterGc();
        // a leak of even 3 KB per request would be 9 MB; the tolerance is for what a GC leaves behind
        assertTrue(after - before < 8L << 20, "heap grew by " + (after - before) / 1024 + " KiB over 3000 bad requests");
    }

    private static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {   // the least of three full collections: background threads allocate too
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    @Test
    void aPngAndTheRawTensorOfItsPixelsGiveTheSameAnswer() throws Exception {
        byte[] image = png(32, 32, true, 7);
        BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(image));
        float[] x = new float[3 * 32 * 32];
        var raster = decoded.getRaster();
        float[] mean = test.normalization().mean(), std = test.normalization().std();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int xx = 0; xx < 32; xx++) x[(c * 32 + y) * 32 + xx] = (raster.getSample(xx, y, c) / 255f - mean[c]) * (1f / std[c]);
            }
        }
        String fromPng = send(post(predict("?members=2"), "image/png", image)).body();
        String fromRaw = send(post(predict("?members=2"), "application/octet-stream", TinyServer.floatsLE(x))).body();
        String fromJson = send(post(predict(""), "application/json",
                ("{\"image\": \"" + Base64.getEncoder().encodeToString(image) + "\", \"members\": 2}").getBytes(StandardCharsets.UTF_8))).body();
        String top = JsonParser.parseString(fromRaw).getAsJsonObject().get("top").toString();
        assertEquals(top, JsonParser.parseString(fromPng).getAsJsonObject().get("top").toString());
        assertEquals(top, JsonParser.parseString(fromJson).getAsJsonObject().get("top").toString());
    }
}
