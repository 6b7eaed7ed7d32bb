package dev.hne.serve;

import static dev.hne.serve.TinyServer.get;
import static dev.hne.serve.TinyServer.json;
import static dev.hne.serve.TinyServer.post;
import static dev.hne.serve.TinyServer.rawTensor;
import static dev.hne.serve.TinyServer.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.hne.anytime.LeafOrder;
import dev.hne.cost.CostModel;
import dev.hne.datasets.Dataset;
import dev.hne.train.Checkpoints;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server over real HTTP on loopback, serving a tiny HNE (N = 4) trained in the setup:
 * predictions against {@code ./hne eval}, members against the cost model, parallel clients,
 * shedding, metrics, graceful shutdown.
 */
class ServeHttpTest {

    @TempDir
    static Path dir;
    static Path checkpoint;
    static Dataset test;
    static double[] evalAccuracy;
    static TinyServer.Running server;

    @BeforeAll
    static void trainEvalAndServe() throws Exception {
        checkpoint = TinyServer.train(dir.resolve("run"), "resnet-hne-small", "3");
        evalAccuracy = TinyServer.evalAccuracy(checkpoint, dir.resolve("eval"));
        test = TinyServer.testSplit(checkpoint);
        server = TinyServer.serve(checkpoint, TinyServer.settings(64), 1 << 20, true);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void accuracyAtEveryNEqualsEvals() throws Exception {
        assertEquals(4, evalAccuracy.length);
        for (int n = 1; n <= 4; n++) {
            List<Integer> classes = TinyServer.classes(server.url(), test, "?members=" + n);
            int correct = 0;
            for (int i = 0; i < test.size(); i++) if (classes.get(i) == test.label(i)) correct++;
            assertEquals(evalAccuracy[n - 1], (double) correct / test.size(), 1e-12, "n = " + n);
        }
    }

    @Test
    void responseReportsMembersCostAndNormalisedProbabilities() throws Exception {
        JsonObject r = json(send(post(server.url() + "/v1/predict?members=3", "application/octet-stream", rawTensor(test, 0))));
        assertEquals(3, r.get("members").getAsInt());
        assertEquals("members", r.get("stopped_by").getAsString());
        assertEquals(costModel(3), r.get("mmacs").getAsDouble(), 1e-9);
        var top = r.getAsJsonArray("top");
        assertEquals(5, top.size());
        assertEquals(r.get("class").getAsInt(), top.get(0).getAsJsonObject().get("class").getAsInt());
        for (int i = 1; i < top.size(); i++) {
            assertTrue(top.get(i - 1).getAsJsonObject().get("probability").getAsDouble()
                    >= top.get(i).getAsJsonObject().get("probability").getAsDouble());
        }
        assertTrue(r.get("queue_ms").getAsDouble() >= 0 && r.get("compute_ms").getAsDouble() >= 0);
    }

    /** The cost model itself, not the server: MMACs per image of the first s members in the natural order. */
    static double costModel(int s) {
        return CostModel.hne(Checkpoints.load(checkpoint).buildTree().spec()).forFirst(s, LeafOrder.NATURAL).mmacs();
    }

    @Test
    void budgetsChooseTheDeepestStageTheCostModelFits() throws Exception {
        for (int s = 1; s <= 4; s++) {
            double between = s < 4 ? (costModel(s) + costModel(s + 1)) / 2 : costModel(4) * 2;
            for (double budget : new double[] {costModel(s), between}) {
                JsonObject r = json(send(post(server.url() + "/v1/predict?budget_mmacs=" + budget, "application/octet-stream",
                        rawTensor(test, s))));
                assertEquals(s, r.get("members").getAsInt(), "budget " + budget);
                assertEquals(costModel(s), r.get("mmacs").getAsDouble(), 1e-9);
            }
        }
        HttpResponse<String> tooSmall = send(post(server.url() + "/v1/predict?budget_mmacs=" + costModel(1) / 2,
                "application/octet-stream", rawTensor(test, 0)));
        assertEquals(400, tooSmall.statusCode());
        assertTrue(json(tooSmall).get("error").getAsString().contains("below the first stage's cost"), tooSmall.body());
    }

    @Test
    void anIdleServerAnswersEvenAnImpossibleDeadlineWithOneMemberAndALooseOneGetsAllMembers() throws Exception {
        // idle: admitted (shedding is for load), and stopped after the first member, since the
        // next one cannot end before a deadline of one microsecond
        HttpResponse<String> answer = send(post(server.url() + "/v1/predict?deadline_ms=0.001", "application/octet-stream",
                rawTensor(test, 1)));
        assertEquals(200, answer.statusCode(), answer.body());
        JsonObject tight = json(answer);
        assertEquals(1, tight.get("members").getAsInt());
        assertEquals("deadline", tight.get("stopped_by").getAsString());
        JsonObject loose = json(send(post(server.url() + "/v1/predict?deadline_ms=600000", "application/octet-stream",
                rawTensor(test, 1))));
        assertEquals(4, loose.get("members").getAsInt());
        assertEquals("last", loose.get("stopped_by").getAsString());
    }

    @Test
    void theReserveIsKeptBackFromTheDeadline() throws Exception {
        // a reserve of the whole 10-minute deadline: the scheduler must finish at arrival, so the
        // request that got every member above stops after the first, by its deadline
        AnytimeScheduler.Settings reserveAll = new AnytimeScheduler.Settings(8, 16, 0, 0, 0, 600_000);
        try (TinyServer.Running s = TinyServer.serve(checkpoint, reserveAll, 1 << 20, true)) {
            JsonObject r = json(send(post(s.url() + "/v1/predict?deadline_ms=600000", "application/octet-stream",
                    rawTensor(test, 1))));
            assertEquals(1, r.get("members").getAsInt());
            assertEquals("deadline", r.get("stopped_by").getAsString());
        }
    }

    @Test
    void behindAQueueADeadlineNotEvenOneMemberCanMeetIsShed() throws Exception {
        try (TinyServer.Running s = TinyServer.serve(checkpoint, TinyServer.settings(8), 1 << 20, false)) {
            s.scheduler().warmUp();   // a measured time per MMAC, but no worker yet: the queue stays
            CompletableFuture<HttpResponse<String>> queued = TinyServer.HTTP.sendAsync(
                    post(s.url() + "/v1/predict", "application/octet-stream", rawTensor(test, 0)),
                    HttpResponse.BodyHandlers.ofString());
            while (s.scheduler().queueDepth() < 1) Thread.sleep(5);
            HttpResponse<String> tight = send(post(s.url() + "/v1/predict?deadline_ms=0.001", "application/octet-stream",
                    rawTensor(test, 1)));
            assertEquals(503, tight.statusCode(), tight.body());
            assertTrue(json(tight).get("error").getAsString().contains("deadline"), tight.body());
            assertEquals("infeasible", json(tight).get("reason").getAsString(), tight.body());
            assertTrue(Long.parseLong(tight.headers().firstValue("Retry-After").orElseThrow()) >= 1);
            s.scheduler().start();
            assertEquals(200, queued.get().statusCode());
        }
    }

    @Test
    void manyParallelClientsGetTheAnswersOfSequentialRequests() throws Exception {
        List<Integer> sequential = TinyServer.classes(server.url(), test, "?members=4");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < test.size(); i++) {
                    byte[] body = rawTensor(test, i);
                    answers.add(pool.submit(() -> send(post(server.url() + "/v1/predict?members=4", "application/octet-stream", body))));
                }
            }
            for (int j = 0; j < answers.size(); j++) {
                HttpResponse<String> r = answers.get(j).get();
                assertEquals(200, r.statusCode(), r.body());
                assertEquals(sequential.get(j % test.size()), json(r).get("class").getAsInt(), "image " + j % test.size());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFullQueueShedsWith503AndRetryAfterAndAnswersTheQueuedOnes() throws Exception {
        try (TinyServer.Running s = TinyServer.serve(checkpoint, TinyServer.settings(2), 1 << 20, false)) {
            List<CompletableFuture<HttpResponse<String>>> queued = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                queued.add(TinyServer.HTTP.sendAsync(post(s.url() + "/v1/predict", "application/octet-stream", rawTensor(test, i)),
                        HttpResponse.BodyHandlers.ofString()));
            }
            while (s.scheduler().queueDepth() < 2) Thread.sleep(5);   // the worker is not started: they wait
            HttpResponse<String> shed = send(post(s.url() + "/v1/predict", "application/octet-stream", rawTensor(test, 2)));
            assertEquals(503, shed.statusCode());
            assertTrue(Long.parseLong(shed.headers().firstValue("Retry-After").orElseThrow()) >= 1);
            assertTrue(json(shed).get("error").getAsString().contains("queue is full"), shed.body());
            assertEquals("queue-full", json(shed).get("reason").getAsString(), shed.body());
            s.scheduler().start();
            for (var q : queued) assertEquals(200, q.get().statusCode());
        }
    }

    @Test
    void shutdownAnswersEveryRequestInFlight() throws Exception {
        TinyServer.Running s = TinyServer.serve(checkpoint, TinyServer.settings(16), 1 << 20, false);
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            inFlight.add(TinyServer.HTTP.sendAsync(post(s.url() + "/v1/predict?members=4", "application/octet-stream",
                    rawTensor(test, i)), HttpResponse.BodyHandlers.ofString()));
        }
        while (s.scheduler().queueDepth() < 6) Thread.sleep(5);
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
            try {
                s.server().stop();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        while (!refusesNewWork(s.url())) Thread.sleep(5);   // draining: /healthz says 503, or Jetty closed the port
        assertFalse(stopping.isDone());
        s.scheduler().start();   // only now can the queued requests be answered
        for (var f : inFlight) {
            HttpResponse<String> r = f.get();
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(4, json(r).get("members").getAsInt());
        }
        stopping.get();
    }

    private static boolean refusesNewWork(String url) throws Exception {
        try {
            return get(url + "/healthz").statusCode() == 503;
        } catch (java.net.ConnectException e) {
            return true;
        }
    }

    @Test
    void modelEndpointDescribesTheCheckpoint() throws Exception {
        JsonObject m = json(get(server.url() + "/v1/model"));
        assertEquals("hne", m.get("kind").getAsString());
        assertEquals(4, m.get("stages").getAsInt());
        assertEquals(10, m.get("classes").getAsInt());
        var cost = m.getAsJsonArray("cost_mmacs");
        for (int s = 1; s <= 4; s++) assertEquals(costModel(s), cost.get(s - 1).getAsDouble(), 1e-9);
        assertEquals(3, m.getAsJsonObject("input").get("channels").getAsInt());
        assertEquals(32, m.getAsJsonObject("input").get("height").getAsInt());
        assertEquals("ok", json(get(server.url() + "/healthz")).get("status").getAsString());
    }
}
