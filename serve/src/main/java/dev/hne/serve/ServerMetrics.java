package dev.hne.serve;

import dev.hne.engine.backend.cpu.CpuBackend;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * What {@code GET /metrics} shows, in the Prometheus text format (written by the Prometheus Java
 * client; its own registry, so two servers in one JVM, as in the tests, do not share counts):
 *
 * <pre>
 *   hne_requests_total{endpoint, status}        every answered request, by HTTP status
 *   hne_request_latency_seconds (histogram)     POST /v1/predict, arrival to answer, status 200
 *   hne_members_used (histogram)                stages evaluated per answered prediction
 *   hne_mmacs_used_total                        MMACs spent, summed over answered predictions
 *   hne_stop_reason_total{reason}               last, members, budget, policy, deadline, load
 *   hne_queue_depth, hne_batch_rows             requests waiting / in the batch being computed
 *   hne_nanoseconds_per_mmac                    the scheduler's current time per MMAC
 *   hne_nanoseconds_per_mmac_deviation          and its mean deviation
 *   hne_cpu_fresh_arrays_total                  CPU arrays allocated fresh (the free-array cache had none that fits)
 *   hne_cpu_free_array_bytes                    bytes the free-array cache holds
 * </pre>
 */
final class ServerMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Histogram latency;
    private final Histogram members;
    private final Counter mmacs;
    private final Counter stopReasons;

    ServerMetrics(AnytimeScheduler scheduler) {
        requests = Counter.builder().name("hne_requests_total").help("Requests answered, by endpoint and HTTP status")
                .labelNames("endpoint", "status").register(registry);
        latency = Histogram.builder().name("hne_request_latency_seconds")
                .help("POST /v1/predict latency of successful requests, from arrival to answer")
                .classicOnly().classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10)
                .register(registry);
        double[] stageBounds = new double[scheduler.stages()];
        for (int s = 1; s <= stageBounds.length; s++) stageBounds[s - 1] = s;
        members = Histogram.builder().name("hne_members_used").help("Stages (members or exits) evaluated per prediction")
                .classicOnly().classicUpperBounds(stageBounds).register(registry);
        mmacs = Counter.builder().name("hne_mmacs_used_total").help("MMACs spent on answered predictions").register(registry);
        stopReasons = Counter.builder().name("hne_stop_reason_total").help("Why predictions stopped refining")
                .labelNames("reason").register(registry);
        GaugeWithCallback.builder().name("hne_queue_depth").help("Requests waiting for a batch")
                .callback(cb -> cb.call(scheduler.queueDepth())).register(registry);
        GaugeWithCallback.builder().name("hne_batch_rows").help("Requests in the batch being computed")
                .callback(cb -> cb.call(scheduler.batchRows())).register(registry);
        GaugeWithCallback.builder().name("hne_nanoseconds_per_mmac").help("Measured time per MMAC per image (moving average)")
                .callback(cb -> cb.call(scheduler.nanosPerMMac())).register(registry);
        // the engine's free-array cache (docs/engine.md section 6): arrays it could not reuse are garbage later
        CounterWithCallback.builder().name("hne_cpu_fresh_arrays_total")
                .help("CPU arrays of 16 KB or more allocated fresh because no free array fitted")
                .callback(cb -> cb.call(CpuBackend.INSTANCE.poolMisses())).register(registry);
        GaugeWithCallback.builder().name("hne_cpu_free_array_bytes").help("Bytes held in the CPU free-array cache")
                .callback(cb -> cb.call(4.0 * CpuBackend.INSTANCE.pooledFloats())).register(registry);
        GaugeWithCallback.builder().name("hne_nanoseconds_per_mmac_deviation")
                .help("Mean deviation of the measured time per MMAC (moving average); the scheduler plans with mean + 4 of them")
                .callback(cb -> cb.call(scheduler.deviationNanosPerMMac())).register(registry);
    }

    void request(String endpoint, int status) {
        requests.labelValues(endpoint, Integer.toString(status)).inc();
    }

    void prediction(Prediction p, double seconds) {
        latency.observe(seconds);
        members.observe(p.members());
        mmacs.inc(p.mmacs());
        stopReasons.labelValues(p.stoppedBy()).inc();
    }

    String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);   // cannot happen: it writes to memory
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
