package dev.hne.cli;

import dev.hne.anytime.AnytimeWorkload;
import dev.hne.engine.Tensor;
import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.cpu.CpuBackend;
import dev.hne.report.LatencyReport;
import dev.hne.report.Terminal;
import dev.hne.tree.Architectures;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ./hne bench}: a quick anytime-latency table for one architecture: for every n = 1..N and
 * each batch size, the median wall time of evaluating the first n members (eval mode, no grad,
 * natural order), next to the MMACs the cost model predicts and the milliseconds per MMAC.
 *
 * <p>What it is not: the real benchmark. It runs a few timed calls after a short warm-up in one JVM;
 * the JMH benchmarks in {@code bench/} (forked JVMs, warm-up iterations, error bars, the PyTorch peer)
 * are the numbers to report. Both time the same code: {@link AnytimeWorkload#run}, which the JMH
 * benchmark {@code dev.hne.bench.AnytimeLatencyBenchmark} calls too. See docs/performance.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Time anytime inference (first n members) for n = 1..N: a quick table.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--arch", defaultValue = "resnet-hne",
            description = "resnet-hne, resnet-hne-small or mobilenet-hne (default ${DEFAULT-VALUE})")
    String arch;

    @Option(names = "--batch", split = ",", defaultValue = "1,64",
            description = "batch sizes, comma-separated (default ${DEFAULT-VALUE})")
    int[] batches;

    @Option(names = "--n", split = ",", description = "members to time, comma-separated (default: all 1..N)")
    int[] ns;

    @Option(names = "--iterations", defaultValue = "9", description = "timed calls per point after warm-up (default ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--warmup", defaultValue = "2", description = "untimed calls per point first (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--threads", description = "engine threads (default: all cores; same as -Dhne.threads)")
    Integer threads;

    @Option(names = "--resolution", description = "input height = width (default: 32, or 224 for mobilenet-hne)")
    Integer resolution;

    @Option(names = "--out", description = "also write bench.md and latency-vs-n.png into this folder")
    Path out;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda (default ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--save-weights", description = "also write the timed tree's weights, layer table and a probe "
            + "(input and our logits) to this .safetensors file, for a peer implementation (bench/peer/torch_hne.py)")
    Path saveWeights;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        // Progress goes to stderr, redrawn in place (\r) only on a terminal: stdout holds the table alone,
        // so "./hne bench > bench.txt" is a clean file.
        PrintWriter progress = spec.commandLine().getErr();
        boolean live = Terminal.interactive();
        if (!Architectures.NAMES.contains(arch)) {
            throw new UserException("unknown architecture '" + arch + "'; known: " + String.join(", ", Architectures.NAMES));
        }
        if (iterations < 1 || warmup < 0) {
            throw new UserException("--iterations must be >= 1 and --warmup >= 0, got " + iterations + " and " + warmup);
        }
        if (Arrays.stream(batches).anyMatch(b -> b < 1)) {
            throw new UserException("--batch: every batch size must be >= 1, got " + Arrays.toString(batches));
        }
        if (resolution != null && resolution < 1) {
            throw new UserException("--resolution must be >= 1, got " + resolution);
        }
        Backend backend = backend();
        if (saveWeights != null) {
            PeerWeights.write(saveWeights, arch, AnytimeWorkload.create(arch, 2, resolution, backend, 1).tree(), 1);
            console.println("wrote " + saveWeights);
        }
        List<LatencyReport.Row> rows = new ArrayList<>();
        for (int batch : batches) {
            AnytimeWorkload w = AnytimeWorkload.create(arch, batch, resolution, backend, 1);
            int[] which = ns == null ? rangeClosed(1, w.leaves()) : ns;
            for (int n : which) {
                if (n < 1 || n > w.leaves()) {
                    throw new UserException("--n: " + arch + " has " + w.leaves() + " members, so n must be in 1.."
                            + w.leaves() + ", got " + n);
                }
            }
            warmUpJit(w, which);
            for (int i = 0; i < which.length; i++) {
                double ms = medianMillis(w, which[i]);
                rows.add(new LatencyReport.Row(arch, batch, which[i], ms, Double.NaN, w.mmacs(which[i])));
                progress.printf(Locale.ROOT, "%s%s batch %d: %d of %d points timed (n = %d: %.1f ms)%s", live ? "\r" : "",
                        arch, batch, i + 1, which.length, which[i], ms, live ? "   " : System.lineSeparator());
                progress.flush();
            }
            if (live) progress.println();
        }
        console.printf("%s on %s, input %dx%d, %d engine threads, median of %d calls after %d warm-up calls%n%n",
                arch, device, resolutionOf(arch, resolution), resolutionOf(arch, resolution), threadsOf(backend), iterations,
                warmup);
        console.print(LatencyReport.markdown(rows));
        console.flush();   // print() does not flush an auto-flushing PrintWriter
        if (out != null) {
            LatencyReport.write(out, "./hne bench --arch " + arch + " (quick mode, one JVM, " + threadsOf(backend)
                    + " threads)", rows);
            console.println("wrote " + out.resolve(LatencyReport.MARKDOWN) + " and " + out.resolve(LatencyReport.PLOT));
        }
        return 0;
    }

    /**
     * Runs every requested n for at least five seconds before anything is timed: the first calls of a
     * fresh JVM run interpreted code, and without this the first points of the table (n = 1 at
     * batch 1 most of all) measured the JIT compiler, not the engine.
     */
    private static void warmUpJit(AnytimeWorkload w, int[] which) {
        long until = System.nanoTime() + 5_000_000_000L;
        do {
            for (int n : which) w.run(n);
        } while (System.nanoTime() < until);
    }

    private double medianMillis(AnytimeWorkload w, int n) {
        for (int i = 0; i < warmup; i++) w.run(n);
        double[] ms = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            w.run(n);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return iterations % 2 == 1 ? ms[iterations / 2] : (ms[iterations / 2 - 1] + ms[iterations / 2]) / 2;
    }

    /**
     * The device's backend, made the run's default; with --threads on the CPU, a CPU backend of
     * exactly that many workers (an object of its own, so the option takes effect however late).
     */
    private Backend backend() {
        if (threads != null && threads < 1) {
            throw new UserException("--threads must be >= 1, got " + threads);
        }
        Backend chosen = Devices.use(device);   // a missing GPU library is a one-line user error here
        if (threads != null && chosen instanceof CpuBackend) {
            chosen = CpuBackend.withThreads(threads);
            Tensor.setDefaultBackend(chosen);
        }
        return chosen;
    }

    /** Engine threads of a CPU backend (a GPU backend reports the CPU default, which it barely uses). */
    private static int threadsOf(Backend backend) {
        return backend instanceof CpuBackend cpu ? cpu.threads() : CpuBackend.INSTANCE.threads();
    }

    private static int[] rangeClosed(int from, int to) {
        int[] r = new int[to - from + 1];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return r;
    }

    private static int resolutionOf(String arch, Integer resolution) {
        return resolution != null ? resolution : Architectures.defaultInput(arch).resolution();
    }
}
