package dev.hne.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.hne.cli.Main;
import dev.hne.datasets.Dataset;
import dev.hne.train.Checkpoints;
import dev.hne.train.RunData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixtures: a tiny checkpoint trained in-process with {@code ./hne train} on the synthetic
 * dataset (no download), its test images as the server's raw tensors, {@code ./hne eval}'s numbers
 * for it, and servers on a free loopback port with a small HTTP client.
 */
final class TinyServer {

    private TinyServer() {}

    /** Runs the hne CLI in-process; fails the test with its stderr when the exit code is not 0. */
    static String cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertEquals(0, code, String.join(" ", args) + "\n" + err);
        return out.toString();
    }

    /** Trains {@code arch} for one epoch on 48 synthetic images (held out: 40) and returns its checkpoint. */
    static Path train(Path dir, String arch, String levels) {
        cli("train", "--arch", arch, "--levels", levels, "--width-divisor", "8", "--dataset", "synthetic",
                "--train-size", "48", "--test-size", "32", "--batch", "16", "--lr", "0.05", "--epochs", "1",
                "--holdout", "40", "--out", dir.toString());
        return dir.resolve("last.safetensors");
    }

    /** {@code ./hne eval --checkpoint F}'s accuracy of n = 1..N, read from the eval.json it writes. */
    static double[] evalAccuracy(Path checkpoint, Path out) throws Exception {
        cli("eval", "--checkpoint", checkpoint.toString(), "--batch", "16", "--out", out.toString());
        JsonObject all = JsonParser.parseString(Files.readString(out.resolve("eval.json"))).getAsJsonObject();
        var rows = all.getAsJsonObject(checkpoint.toString()).getAsJsonArray("by_n");
        double[] acc = new double[rows.size()];
        for (int i = 0; i < acc.length; i++) acc[i] = rows.get(i).getAsJsonObject().get("accuracy").getAsDouble();
        return acc;
    }

    /** The test split eval used (the checkpoint's seed and sizes). */
    static Dataset testSplit(Path checkpoint) {
        Checkpoints.Loaded c = Checkpoints.load(checkpoint);
        return RunData.open(c.get("dataset"), null, Long.parseLong(c.get("seed")), c.getInt("train_size"),
                c.getInt("test_size")).test();
    }

    /** Test image i, normalised as eval normalises it, as the little-endian float32 bytes of a raw-tensor request. */
    static byte[] rawTensor(Dataset d, int i) {
        var s = d.sampleShape();
        float[] x = new float[s.channels() * s.height() * s.width()];
        d.read(i, x, 0, true);
        return floatsLE(x);
    }

    static byte[] floatsLE(float[] x) {
        ByteBuffer b = ByteBuffer.allocate(4 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(x);
        return b.array();
    }

    /** A server for {@code checkpoint} on a free port; {@code startScheduler} false leaves its queue undrained. */
    static Running serve(Path checkpoint, AnytimeScheduler.Settings settings, long maxBody, boolean startScheduler) {
        ServedModel m = ServedModel.load(checkpoint, ServedModel.PolicyChoice.NONE, 0, null);
        AnytimeScheduler s = new AnytimeScheduler(m, settings);
        if (startScheduler) s.start();
        PredictServer server = new PredictServer(m, s, maxBody, 20_000).start("127.0.0.1", 0);
        return new Running(m, s, server, "http://127.0.0.1:" + server.port());
    }

    static AnytimeScheduler.Settings settings(int maxQueue) {
        return new AnytimeScheduler.Settings(maxQueue, 16, 0, 0, 0, 0);
    }

    record Running(ServedModel model, AnytimeScheduler scheduler, PredictServer server, String url) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            server.stop();
        }
    }

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static HttpRequest post(String url, String contentType, byte[] body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    static HttpResponse<String> send(HttpRequest r) throws Exception {
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    /** Predicted class of every test image with {@code members} members, one request at a time. */
    static List<Integer> classes(String url, Dataset d, String query) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            HttpResponse<String> r = send(post(url + "/v1/predict" + query, "application/octet-stream", rawTensor(d, i)));
            assertEquals(200, r.statusCode(), r.body());
            out.add(json(r).get("class").getAsInt());
        }
        return out;
    }
}
