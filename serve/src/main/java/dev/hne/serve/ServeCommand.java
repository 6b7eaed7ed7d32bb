package dev.hne.serve;

import dev.hne.engine.Tensor;
import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.cpu.CpuBackend;
import dev.hne.report.HeapCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hne serve --checkpoint F}: the anytime inference server (docs/serving.md). The {@code hne}
 * launcher runs this module's jar for {@code serve} (hne-core cannot depend on serve, so the
 * command is not one of {@code dev.hne.cli.Main}'s subcommands; it follows the same contract:
 * {@code --help} exits 0, a user error exits 2 with one line).
 *
 * <p>Runs until SIGTERM or Ctrl-C, then shuts down gracefully: requests in flight are answered.
 */
@Command(name = "hne serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve a checkpoint over HTTP with anytime inference: deadline- and load-aware members per request.")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, description = "a checkpoint written by ./hne train (HNE or ANN)")
    Path checkpoint;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 = every interface)")
    String host;

    @Option(names = "--policy", defaultValue = "none", description = "exit policy per image: learned, threshold or none (default ${DEFAULT-VALUE}); learned/threshold come from ./hne eval --policy")
    String policy;

    @Option(names = "--tradeoff", defaultValue = "0.01", description = "--policy learned: the trade-off lambda to load (default ${DEFAULT-VALUE})")
    double tradeoff;

    @Option(names = "--budget", description = "--policy threshold: the MMAC budget to load")
    Double budget;

    @Option(names = "--max-queue", defaultValue = "64", description = "requests waiting at most; more get 503 + Retry-After (default ${DEFAULT-VALUE})")
    int maxQueue;

    @Option(names = "--max-batch", defaultValue = "32", description = "requests evaluated together at most (default ${DEFAULT-VALUE})")
    int maxBatch;

    @Option(names = "--deadline-ms", defaultValue = "0", description = "deadline of requests that give none, in ms from arrival (default ${DEFAULT-VALUE} = none)")
    double deadlineMs;

    @Option(names = "--reserve-ms", defaultValue = "5", description = "kept back from every deadline for reading the request and writing the answer: the scheduler plans to finish this much earlier (default ${DEFAULT-VALUE})")
    double reserveMs;

    @Option(names = "--fixed", defaultValue = "0", description = "baseline: every request gets exactly this many members, deadlines ignored (default ${DEFAULT-VALUE} = anytime)")
    int fixed;

    @Option(names = "--warm-up-ms", defaultValue = "5000", description = "before listening, run batches of every size this long (JIT compilation, a first time per MMAC; default ${DEFAULT-VALUE})")
    long warmUpMs;

    @Option(names = "--threads", description = "engine threads that evaluate the batches (default: one fewer than the cores, at least 1, so that the HTTP threads reading requests and writing answers keep a core; docs/serving.md)")
    Integer threads;

    @Option(names = "--max-body-bytes", defaultValue = "1048576", description = "largest request body (default ${DEFAULT-VALUE})")
    long maxBodyBytes;

    @Option(names = "--drain-ms", defaultValue = "30000", description = "on shutdown, wait this long for requests in flight (default ${DEFAULT-VALUE})")
    long drainMs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PredictServer server = start();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "serving %s on http://%s:%d with %d engine threads  (POST /v1/predict, GET /v1/model, /metrics, /healthz; Ctrl-C stops)%n",
                checkpoint, host, server.port(), engineThreads());
        out.println(HeapCheck.ofThisJvm("stages sometimes take many times their prediction and deadlines are missed (docs/serving.md)"));
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
            }
        }, "hne-serve-shutdown"));
        stopped.await();
        return 0;
    }

    /** Checks the options, loads the model, warms up and listens. */
    PredictServer start() {
        if (port < 0 || port > 65535) throw new ServeException("--port must be 0..65535, got " + port);
        if (maxQueue < 1 || maxBatch < 1) throw new ServeException("--max-queue and --max-batch must be at least 1");
        if (!(deadlineMs >= 0) || !(reserveMs >= 0) || fixed < 0 || maxBodyBytes < 1 || drainMs < 0 || warmUpMs < 0) {
            throw new ServeException("--deadline-ms, --reserve-ms, --fixed, --drain-ms and --warm-up-ms must be >= 0, --max-body-bytes >= 1");
        }
        if (!(tradeoff >= 0)) throw new ServeException("--tradeoff must be >= 0, got " + tradeoff);
        if (threads != null && threads < 1) throw new ServeException("--threads must be at least 1, got " + threads);
        ServedModel.PolicyChoice choice = switch (policy.toLowerCase(Locale.ROOT)) {
            case "learned" -> ServedModel.PolicyChoice.LEARNED;
            case "threshold" -> ServedModel.PolicyChoice.THRESHOLD;
            case "none" -> ServedModel.PolicyChoice.NONE;
            default -> throw new ServeException("unknown --policy '" + policy + "'; use learned, threshold or none");
        };
        if (fixed > 0 && choice != ServedModel.PolicyChoice.NONE) {
            throw new ServeException("--fixed serves every request with the same members; it takes no --policy");
        }
        // before loading, so that the model's tensors live on the backend that evaluates them; put
        // back if the server does not start, so that a refused command leaves its JVM as it found it
        Backend previous = Tensor.defaultBackend();
        Tensor.setDefaultBackend(CpuBackend.withThreads(engineThreads()));
        try {
            ServedModel served = ServedModel.load(checkpoint, choice, tradeoff, budget);
            AnytimeScheduler scheduler = new AnytimeScheduler(served,
                    new AnytimeScheduler.Settings(maxQueue, maxBatch, deadlineMs, fixed, warmUpMs, reserveMs));
            scheduler.start();
            try {
                return new PredictServer(served, scheduler, maxBodyBytes, drainMs).start(host, port);
            } catch (RuntimeException e) {
                throw new ServeException("cannot listen on " + host + ":" + port + ": " + oneLine(e));
            }
        } catch (RuntimeException e) {
            Tensor.setDefaultBackend(previous);
            throw e;
        }
    }

    private int engineThreads() {
        return threads != null ? threads : defaultThreads(Runtime.getRuntime().availableProcessors());
    }

    /**
     * One engine thread fewer than the cores, at least one. On 2 cores with both cores computing,
     * a stage sometimes took 2-3 times its prediction with its threads running for less than half
     * of that time: they waited for cores that the HTTP threads (and, in the load test, the load
     * generator) held, and the deadlines of the batch behind were missed. With one engine thread
     * the stages kept closer to their predictions and far fewer requests were late at 4x; the
     * full ensemble sustained about the same rate closed-loop (the HTTP path was already using the
     * other core) but answered a third less at open-loop overload (docs/serving.md, §4).
     */
    static int defaultThreads(int cores) {
        return Math.max(1, cores - 1);
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Parses and runs; returns the exit code (2 for a user error, with one line on {@code err}). */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new ServeCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("hne serve: " + oneLine(e) + " (see ./hne serve --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            if (e instanceof ServeException) {
                err.println("hne serve: " + oneLine(e));
                return 2;
            }
            err.println("hne serve: internal error (a bug; please report it with this trace):");
            e.printStackTrace(err);
            return 1;
        });
        return cli.execute(args);
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ');
    }
}
