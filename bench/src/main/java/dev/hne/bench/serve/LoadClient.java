package dev.hne.bench.serve;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpMethod;

/**
 * Drives one server's {@code POST /v1/predict} with labelled images (raw float32 tensors), in two ways:
 *
 * <pre>
 *   openLoop(rate, seconds)      request i is SCHEDULED at start + i / rate, sent then whatever the
 *                                answers before it did, and timed from its scheduled time: a constant
 *                                arrival rate, as real users arrive (wrk2's model; no coordinated omission)
 *   closedLoop(clients, seconds) each client sends, waits for the answer, sends again: the rate the
 *                                server sustains when it is never idle (used to find "1x")
 * </pre>
 * The HTTP client is Jetty's, with at most {@code connections} keep-alive connections; a request
 * sent while all of them are busy waits in the client's queue, and that wait counts in its latency
 * (it is timed from its scheduled time). The JDK's {@code java.net.http.HttpClient}, used before,
 * could not read the answers of ~1,000 requests a second on 2 cores: answers piled up unread in its
 * sockets, it opened ever more connections (2,375 in one 15 s run) and the generator, not the
 * server, added seconds of latency (docs/serving.md, "The load generator was the bottleneck").
 *
 * <p>Not a unit test and not part of the build's tests: a benchmark harness (docs/serving.md).
 */
public final class LoadClient implements AutoCloseable {

    /** Longest a request may take before it counts as an error (status 0). */
    private static final long TIMEOUT_SECONDS = 20;

    private final HttpClient http = new HttpClient();
    private final String predict;
    private final List<byte[]> bodies;   // raw tensors of the images, C*H*W float32 little-endian
    private final int[] labels;

    /**
     * @param query the query string of every request without '?', e.g. "deadline_ms=100"; empty for none
     */
    public LoadClient(String baseUrl, String query, List<byte[]> bodies, int[] labels, int connections) throws Exception {
        this.predict = baseUrl + "/v1/predict" + (query.isEmpty() ? "" : "?" + query);
        this.bodies = bodies;
        this.labels = labels;
        http.setMaxConnectionsPerDestination(connections);
        http.setMaxRequestsQueuedPerDestination(1 << 20);   // never refuse in the client: queueing is latency
        http.setConnectTimeout(5_000);
        http.start();
    }

    private Request request(int i) {
        return http.newRequest(predict).method(HttpMethod.POST).timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .body(new BytesRequestContent("application/octet-stream", bodies.get(i % bodies.size())));
    }

    /** Sends at a constant {@code rate} per second for {@code seconds}; waits for every answer. */
    public List<Outcome> openLoop(double rate, double seconds, int firstImage) {
        int count = (int) Math.round(rate * seconds);
        List<CompletableFuture<Outcome>> answers = new ArrayList<>(count);
        long start = System.nanoTime() + 20_000_000;   // 20 ms to set up before the first send
        double period = 1e9 / rate;
        for (int i = 0; i < count; i++) {
            long scheduled = start + (long) (i * period);
            long wait;
            while ((wait = scheduled - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
            int image = firstImage + i;
            CompletableFuture<Outcome> answer = new CompletableFuture<>();
            request(image).send(new BufferingResponseListener() {
                @Override
                public void onComplete(Result result) {
                    long latency = System.nanoTime() - scheduled;
                    answer.complete(result.isFailed() ? new Outcome(latency, 0, false, 0, 0, scheduled - start, 0, "")
                            : outcome(result.getResponse().getStatus(), getContentAsString(), latency, scheduled - start, image));
                }
            });
            answers.add(answer);
        }
        List<Outcome> out = new ArrayList<>(count);
        for (CompletableFuture<Outcome> a : answers) out.add(a.join());
        return out;
    }

    /** {@code clients} back-to-back senders for {@code seconds}; returns the answered (200) requests per second. */
    public double closedLoop(int clients, double seconds) throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        AtomicInteger answered = new AtomicInteger(), next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    int image = next.getAndIncrement();
                    try {
                        ContentResponse r = request(image).send();
                        if (r.getStatus() == 200) answered.incrementAndGet();
                    } catch (ExecutionException | TimeoutException e) {
                        // counts as not answered
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        return answered.get() / seconds;
    }

    private Outcome outcome(int status, String body, long latency, long scheduled, int image) {
        if (status == 503) return new Outcome(latency, status, false, 0, 0, scheduled, 0, shedReason(body));
        if (status != 200) return new Outcome(latency, status, false, 0, 0, scheduled, 0, "");
        JsonObject o = JsonParser.parseString(body).getAsJsonObject();
        double queueMs = o.get("queue_ms").getAsDouble();
        return new Outcome(latency, 200, o.get("class").getAsInt() == labels[image % labels.length],
                o.get("members").getAsInt(), (long) ((queueMs + o.get("compute_ms").getAsDouble()) * 1e6),
                scheduled, (long) (queueMs * 1e6), o.get("stopped_by").getAsString());
    }

    /**
     * Why the server shed a request: its 503 answer's {@code reason} field, one CSV-safe word
     * ("queue-full": the bound; "infeasible": the admission check, the queue is too long for the
     * deadline; "shutdown"), or "shed" for an answer without one (not our server's JSON).
     */
    static String shedReason(String body) {
        if (body == null) return "shed";
        try {
            JsonObject o = JsonParser.parseString(body).getAsJsonObject();
            String reason = o.has("reason") ? o.get("reason").getAsString() : "";
            return reason.matches("[a-z-]+") ? reason : "shed";
        } catch (RuntimeException notOurJson) {   // Gson's JsonParseException, IllegalStateException
            return "shed";
        }
    }

    @Override
    public void close() throws Exception {
        http.stop();
    }
}
