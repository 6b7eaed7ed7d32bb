package dev.hne.bench.serve;

import dev.hne.datasets.Dataset;
import dev.hne.datasets.DatasetException;
import dev.hne.datasets.DatasetOptions;
import dev.hne.datasets.Datasets;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The serving load test (issue 18; bench/serve-load.sh starts the two servers and runs this):
 *
 * <pre>
 *   1. warm both servers up (closed loop, a few seconds each: JIT, connection pool)
 *   2. R = the rate the fixed n = N server sustains: closed loop with --clients senders
 *      then each server --warm-up-seconds open loop at each m * R, not recorded (JIT)
 *   3. for m in --multiples (0.5, 1, 2, 4):  for server in (anytime, fixed):      interleaved, so that a
 *        open loop at m * R requests/s for --seconds, every request with deadline_ms   change in the machine's
 *        -> one LoadSummary                                                             load hits both alike
 *   4. serve-load.csv, serve-load.md (table), serve-load.png (accuracy and p99 against m)
 * </pre>
 * The images are the dataset's test images, normalised as eval normalises them and sent as raw
 * float32 tensors, so that the numbers are the server's and not PNG decoding's.
 */
@Command(name = "serve-load", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Open-loop load test of two ./hne serve servers: anytime and fixed n = N.")
public final class ServeLoadBench implements Callable<Integer> {

    @Option(names = "--anytime", required = true, description = "base URL of the anytime server")
    String anytimeUrl;

    @Option(names = "--fixed", required = true, description = "base URL of the same checkpoint served with --fixed N")
    String fixedUrl;

    @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "dataset of the test images (default ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--data", description = "data directory (default: the dataset's usual places)")
    Path data;

    @Option(names = "--images", defaultValue = "2000", description = "test images to cycle through (default ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--deadline-ms", defaultValue = "100", description = "deadline of every request (default ${DEFAULT-VALUE})")
    double deadlineMs;

    @Option(names = "--seconds", defaultValue = "30", description = "length of each open-loop run (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--multiples", split = ",", defaultValue = "0.5,1,2,4", description = "offered loads, x the sustained rate (default ${DEFAULT-VALUE})")
    double[] multiples;

    @Option(names = "--clients", defaultValue = "32", description = "closed-loop senders when finding the sustained rate (default ${DEFAULT-VALUE}: the servers' --max-batch)")
    int clients;

    @Option(names = "--connections", defaultValue = "256", description = "keep-alive connections per server at most; more requests wait in the client, timed (default ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--warm-up-seconds", defaultValue = "3", description = "before the measured runs, this long open-loop at each load, per server, not recorded: the JIT compiles the paths each load takes (default ${DEFAULT-VALUE})")
    double warmUpSeconds;

    @Option(names = "--rate", description = "use this sustained rate (requests/s) instead of measuring it")
    Double rate;

    @Option(names = "--out", defaultValue = "runs/serve-load", description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--request-log", description = "also write every request of every run to out/requests-<server>-<load>x.csv (RequestLog)")
    boolean requestLog;

    @Option(names = "--note", defaultValue = "", description = "a line for the table's caption, e.g. the machine load")
    String note;

    @Override
    public Integer call() throws Exception {
        if (images < 1 || !(deadlineMs > 0) || !(seconds > 0) || clients < 1 || connections < 1 || !(warmUpSeconds >= 0)) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--images, --clients, --connections, --deadline-ms and --seconds must be positive, --warm-up-seconds >= 0");
        }
        List<byte[]> bodies = new ArrayList<>();
        int[] labels = loadImages(bodies);
        String query = String.format(Locale.ROOT, "deadline_ms=%s", deadlineMs);
        try (LoadClient anytime = new LoadClient(anytimeUrl, query, bodies, labels, connections);
             LoadClient fixed = new LoadClient(fixedUrl, query, bodies, labels, connections)) {
            System.out.println("serve-load: warming up both servers (closed loop, 5 s each)");
            anytime.closedLoop(clients, 5);
            fixed.closedLoop(clients, 5);
            double sustained = rate != null ? rate : fixed.closedLoop(clients, 10);
            System.out.printf(Locale.ROOT, "serve-load: the fixed n = N server sustains %.1f requests/s (%s)%n", sustained,
                    rate != null ? "given by --rate" : "closed loop, " + clients + " clients, 10 s");

            // Closed-loop traffic does not take every path that open-loop traffic at each load takes
            // (shedding, small and shrinking batches): in a run right after it the server's JIT
            // still compiled for seconds, on a core that the stages needed.
            if (warmUpSeconds > 0) {
                System.out.printf(Locale.ROOT, "serve-load: warming up open-loop, %.0f s at each load per server%n", warmUpSeconds);
                for (double m : multiples) {
                    anytime.openLoop(m * sustained, warmUpSeconds, 0);
                    fixed.openLoop(m * sustained, warmUpSeconds, 0);
                }
            }
            List<LoadSummary> a = new ArrayList<>(), f = new ArrayList<>();
            for (double m : multiples) {
                double r = m * sustained;
                for (String which : new String[] {"anytime", "fixed"}) {
                    Thread.sleep(2000);   // let the previous run's queue empty
                    // every run starts at image 0: the two servers at one load see the same images, so
                    // their accuracies differ by what the servers did, not by which images they got
                    List<Outcome> o = (which.equals("anytime") ? anytime : fixed).openLoop(r, seconds, 0);
                    LoadSummary s = LoadSummary.of(which, r, seconds, deadlineMs, o);
                    (which.equals("anytime") ? a : f).add(s);
                    if (requestLog) {
                        Files.createDirectories(out);
                        RequestLog.write(out.resolve(String.format(Locale.ROOT, "requests-%s-%sx.csv", which, m)), o);
                    }
                    System.out.printf(Locale.ROOT,
                            "  %-7s %4.1fx %7.1f req/s: p50 %7.1f ms  p99 %7.1f ms (server %6.1f)  %6.1f answers/s  shed %5d  errors %d  acc %5.2f%%  members %.2f  in deadline %5.1f%%  (%s)%n",
                            which, m, r, s.p50Ms(), s.p99Ms(), s.serverP99Ms(), s.throughput(), s.shed(), s.errors(), 100 * s.accuracy(),
                            s.meanMembers(), 100 * s.metDeadline(), LoadReport.load());
                }
            }
            Files.createDirectories(out);
            LoadReport.write(out, multiples, a, f, sustained, deadlineMs, seconds, note);
            System.out.println("serve-load: wrote " + out.resolve("serve-load.csv") + ", serve-load.md and serve-load.png");
        }
        return 0;
    }

    /** The first {@code images} test images as raw-tensor bodies; returns their labels. */
    private int[] loadImages(List<byte[]> bodies) {
        Dataset test;
        try {
            test = Datasets.open(dataset, DatasetOptions.defaults().withDataDir(data)).test();
        } catch (DatasetException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--dataset " + dataset + ": " + e.getMessage());
        }
        int n = Math.min(images, test.size());
        var shape = test.sampleShape();
        float[] x = new float[shape.channels() * shape.height() * shape.width()];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            test.read(i, x, 0, true);
            ByteBuffer b = ByteBuffer.allocate(4 * x.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(x);
            bodies.add(b.array());
            labels[i] = test.label(i);
        }
        return labels;
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new ServeLoadBench());
        cli.setParameterExceptionHandler((e, a) -> {
            System.err.println("serve-load: " + e.getMessage().replace('\n', ' '));
            return 2;
        });
        System.exit(cli.execute(args));
    }
}
