package dev.hne.serve;

import static dev.hne.serve.TinyServer.get;
import static dev.hne.serve.TinyServer.json;
import static dev.hne.serve.TinyServer.post;
import static dev.hne.serve.TinyServer.rawTensor;
import static dev.hne.serve.TinyServer.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.hne.datasets.Dataset;
import dev.hne.engine.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics as Prometheus text; an ANN checkpoint served like an HNE; the command's user errors. */
class MetricsAnnAndCliTest {

    @TempDir
    static Path dir;

    @Test
    void metricsParseAsPrometheusTextAndCountWhatHappened() throws Exception {
        Path checkpoint = TinyServer.train(dir.resolve("hne"), "resnet-hne-small", "2");
        Dataset test = TinyServer.testSplit(checkpoint);
        try (TinyServer.Running s = TinyServer.serve(checkpoint, TinyServer.settings(8), 1 << 20, true)) {
            for (int i = 0; i < 5; i++) {
                assertEquals(200, send(post(s.url() + "/v1/predict?members=" + (i % 2 + 1), "application/octet-stream",
                        rawTensor(test, i))).statusCode());
            }
            assertEquals(400, send(post(s.url() + "/v1/predict?members=0", "application/octet-stream", rawTensor(test, 0))).statusCode());
            HttpResponse<String> r = get(s.url() + "/metrics");
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"), r.headers().toString());
            PrometheusText p = PrometheusText.parse(r.body());
            assertEquals("counter", p.types.get(p.family("hne_requests_total")), r.body());
            assertEquals("histogram", p.types.get("hne_request_latency_seconds"));
            assertEquals("histogram", p.types.get("hne_members_used"));
            assertEquals("gauge", p.types.get("hne_queue_depth"));
            assertEquals(5, p.value("hne_requests_total", Map.of("endpoint", "/v1/predict", "status", "200")));
            assertEquals(1, p.value("hne_requests_total", Map.of("endpoint", "/v1/predict", "status", "400")));
            // members: i % 2 + 1 for i = 0..4 is 1, 2, 1, 2, 1: three answers used 1 member, all five at most 2
            assertEquals(3, p.value("hne_members_used_bucket", Map.of("le", "1.0")));
            assertEquals(5, p.value("hne_members_used_bucket", Map.of("le", "2.0")));
            assertEquals(5, p.value("hne_members_used_count", Map.of()));
            assertEquals(7, p.value("hne_members_used_sum", Map.of()));   // 1 + 2 + 1 + 2 + 1
            assertEquals(5, p.value("hne_request_latency_seconds_count", Map.of()));
            double previous = 0;
            for (var b : p.named("hne_request_latency_seconds_bucket")) {
                assertTrue(b.value() >= previous, "buckets are cumulative");
                previous = b.value();
            }
            assertEquals(5, previous, "the +Inf bucket counts every observation");
            assertEquals(0, p.value("hne_queue_depth", Map.of()));
            // the engine's cache, read from the backend that served: warm-up's first arrays were fresh
            assertEquals("counter", p.types.get(p.family("hne_cpu_fresh_arrays_total")), r.body());
            double fresh = p.value("hne_cpu_fresh_arrays_total", Map.of());
            assertTrue(fresh > 0 && fresh <= dev.hne.engine.backend.cpu.CpuBackend.INSTANCE.poolMisses(), r.body());
            assertEquals("gauge", p.types.get("hne_cpu_free_array_bytes"));
            assertTrue(p.value("hne_cpu_free_array_bytes", Map.of()) % 4 == 0, r.body());
        }
    }

    @Test
    void anAnytimeNetworkIsServedStageByStageLikeEval() throws Exception {
        Path checkpoint = TinyServer.train(dir.resolve("ann"), "ann-resnet-small", "2");
        double[] evalAccuracy = TinyServer.evalAccuracy(checkpoint, dir.resolve("ann-eval"));
        Dataset test = TinyServer.testSplit(checkpoint);
        try (TinyServer.Running s = TinyServer.serve(checkpoint, TinyServer.settings(8), 1 << 20, true)) {
            JsonObject m = json(get(s.url() + "/v1/model"));
            assertEquals("ann", m.get("kind").getAsString());
            assertEquals(evalAccuracy.length, m.get("stages").getAsInt());
            for (int n = 1; n <= evalAccuracy.length; n++) {
                List<Integer> classes = TinyServer.classes(s.url(), test, "?members=" + n);
                int correct = 0;
                for (int i = 0; i < test.size(); i++) if (classes.get(i) == test.label(i)) correct++;
                assertEquals(evalAccuracy[n - 1], (double) correct / test.size(), 1e-12, "exit " + n);
            }
        }
    }

    private record Run(int code, String out, String err) {}

    private static Run serveCli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = ServeCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theEngineLeavesACoreToTheHttpThreads() {
        assertEquals(1, ServeCommand.defaultThreads(1));
        assertEquals(1, ServeCommand.defaultThreads(2));
        assertEquals(15, ServeCommand.defaultThreads(16));
    }

    @Test
    void userErrorsExit2WithOneLine() throws Exception {
        Path checkpoint = TinyServer.train(dir.resolve("cli"), "resnet-hne-small", "2");
        assertEquals(0, serveCli("--help").code());
        for (String[] args : new String[][] {
                {"--checkpoint", dir.resolve("missing.safetensors").toString()},
                {"--checkpoint", checkpoint.toString(), "--policy", "magic"},
                {"--checkpoint", checkpoint.toString(), "--policy", "learned", "--tradeoff", "0.123"},
                {"--checkpoint", checkpoint.toString(), "--max-queue", "0"},
                {"--checkpoint", checkpoint.toString(), "--fixed", "3"},
                {"--checkpoint", checkpoint.toString(), "--port", "-1"},
                {"--checkpoint", checkpoint.toString(), "--threads", "0"},
                {"--port", "8080"}}) {
            var before = Tensor.defaultBackend();
            Run r = serveCli(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertSame(before, Tensor.defaultBackend(), "a refused serve leaves the default backend as it was");
            assertEquals(1, r.err().trim().lines().count(), r.err());
            assertTrue(r.err().startsWith("hne serve: "), r.err());
        }
    }
}
