package dev.hne.serve;

import com.google.gson.Gson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The HTTP side of {@code ./hne serve}, on Javalin (Jetty underneath):
 *
 * <pre>
 *   POST /v1/predict   one image or raw tensor (InputDecoder) -> {"class", "top", "members", "mmacs", "queue_ms", "compute_ms", "stopped_by"}
 *   GET  /v1/model     architecture, stages, cost curve, input layout and preprocessing (ServedModel.describe)
 *   GET  /metrics      Prometheus text format (ServerMetrics)
 *   GET  /healthz      {"status": "ok"}, or 503 {"status": "draining"} during shutdown
 * </pre>
 * Errors are one JSON line {"error": "..."}: 400 for a bad request (the message names the field,
 * size or format), 503 with Retry-After and a "reason" field when shed, 500 for a bug (logged; the
 * server keeps running).
 * Predictions are answered asynchronously: the Jetty thread hands the request to the
 * {@link AnytimeScheduler} and is free again until the answer is ready.
 *
 * <p>{@link #stop}: /healthz turns 503, Jetty stops accepting and waits for the requests in flight
 * (Javalin's default server has Jetty's StatisticsHandler, which is what makes Jetty's stop
 * graceful once a stop timeout is set), then the scheduler finishes its queue and stops.
 */
public final class PredictServer implements AutoCloseable {

    private static final Set<String> ENDPOINTS = Set.of("/v1/predict", "/v1/model", "/metrics", "/healthz");
    private static final int TOP_K = 5;

    private final Gson gson = new Gson();
    private final AnytimeScheduler scheduler;
    private final InputDecoder decoder;
    private final ServerMetrics metrics;
    private final Javalin app;
    private final long drainMs;
    private volatile boolean draining;

    /**
     * @param drainMs how long {@link #stop} waits for requests in flight
     */
    public PredictServer(ServedModel served, AnytimeScheduler scheduler, long maxBodyBytes, long drainMs) {
        this.scheduler = scheduler;
        this.decoder = new InputDecoder(served.inputShape(), served.preprocess(), maxBodyBytes);
        this.metrics = new ServerMetrics(scheduler);
        this.drainMs = drainMs;
        String model = gson.toJson(served.describe(decoder));
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.maxRequestSize = maxBodyBytes;
            config.http.disableCompression();
            config.jetty.modifyServer(server -> server.setStopTimeout(drainMs));
        });
        app.post("/v1/predict", this::predict);
        app.get("/v1/model", ctx -> ctx.contentType("application/json").result(model));
        app.get("/metrics", ctx -> ctx.contentType(metrics.contentType()).result(metrics.scrape()));
        app.get("/healthz", ctx -> {
            ctx.status(draining ? 503 : 200).contentType("application/json")
                    .result(draining ? "{\"status\":\"draining\"}" : "{\"status\":\"ok\"}");
        });
        app.exception(BadRequest.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        app.exception(AnytimeScheduler.Overloaded.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            answer(ctx, 503, Map.of("error", e.getMessage(), "reason", e.reason().code()));
        });
        app.exception(Exception.class, (e, ctx) -> {
            System.err.println("serve: internal error on " + ctx.method() + " " + ctx.path() + ": " + e);
            e.printStackTrace();
            error(ctx, 500, "internal error (a bug): " + e.getClass().getSimpleName());
        });
        app.error(404, ctx -> {
            if (!ENDPOINTS.contains(ctx.path())) error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path());
        });
        app.error(405, ctx -> error(ctx, 405, ctx.method() + " is not allowed on " + ctx.path()));
        app.after(ctx -> metrics.request(ENDPOINTS.contains(ctx.path()) ? ctx.path() : "other", ctx.status().getCode()));
    }

    /** Listens on {@code host:port} (port 0: any free port; see {@link #port}). */
    public PredictServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    private void predict(Context ctx) {
        long arrival = System.nanoTime();
        if (draining) {
            throw AnytimeScheduler.Overloaded.shuttingDown();
        }
        if (ctx.contentLength() > decoder.maxBodyBytes()) {
            throw new BadRequest("body is " + ctx.contentLength() + " bytes, the limit is " + decoder.maxBodyBytes());
        }
        byte[] body;
        try {
            body = ctx.bodyAsBytes();
        } catch (HttpResponseException e) {   // Javalin's own cap, for bodies sent without a length
            throw new BadRequest("body is larger than the limit of " + decoder.maxBodyBytes() + " bytes");
        }
        InputDecoder.Decoded d = decoder.decode(ctx.contentType(), body, ctx.queryParamMap());
        CompletableFuture<Prediction> answer = scheduler.submit(d.input(), d.limits(), arrival);
        ctx.future(() -> answer.handle((p, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                System.err.println("serve: internal error while evaluating: " + cause);
                error(ctx, 500, "internal error (a bug): " + cause.getClass().getSimpleName());
            } else {
                metrics.prediction(p, (System.nanoTime() - arrival) / 1e9);
                ctx.contentType("application/json").result(gson.toJson(p.toJson(TOP_K)));
            }
            return null;
        }));
    }

    private void error(Context ctx, int status, String message) {
        answer(ctx, status, Map.of("error", message));
    }

    private void answer(Context ctx, int status, Map<String, String> body) {
        ctx.status(status).contentType("application/json").result(gson.toJson(body));
    }

    /** Graceful shutdown: refuse new work, answer what is in flight, stop. */
    public void stop() throws InterruptedException {
        draining = true;
        app.stop();
        scheduler.drain(drainMs);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
