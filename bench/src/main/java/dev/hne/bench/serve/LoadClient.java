package dev.hne.bench.serve;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

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
 * Not a unit test and not part of the build's tests: a benchmark harness (docs/serving.md).
 */
public final class LoadClient {

    /** Longest a request may take before it counts as an error (status 0). */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI predict;
    private final List<byte[]> bodies;   // raw tensors of the images, C*H*W float32 little-endian
    private final int[] labels;

    /**
     * @param query the query string of every request without '?', e.g. "deadline_ms=100"; empty for none
     */
    public LoadClient(String baseUrl, String query, List<byte[]> bodies, int[] labels) {
        this.predict = URI.create(baseUrl + "/v1/predict" + (query.isEmpty() ? "" : "?" + query));
        this.bodies = bodies;
        this.labels = labels;
    }

    private HttpRequest request(int i) {
        return HttpRequest.newBuilder(predict).timeout(TIMEOUT).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i % bodies.size()))).build();
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
            answers.add(http.sendAsync(request(image), HttpResponse.BodyHandlers.ofString())
                    .handle((r, failure) -> outcome(r, failure, scheduled, image)));
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
                        if (http.send(request(image), HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                            answered.incrementAndGet();
                        }
                    } catch (java.io.IOException e) {
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

    private Outcome outcome(HttpResponse<String> r, Throwable failure, long scheduled, int image) {
        long latency = System.nanoTime() - scheduled;
        if (failure != null) return new Outcome(latency, 0, false, 0, 0);
        if (r.statusCode() != 200) return new Outcome(latency, r.statusCode(), false, 0, 0);
        JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
        return new Outcome(latency, 200, o.get("class").getAsInt() == labels[image % labels.length],
                o.get("members").getAsInt(),
                (long) ((o.get("queue_ms").getAsDouble() + o.get("compute_ms").getAsDouble()) * 1e6));
    }
}
