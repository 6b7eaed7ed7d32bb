package dev.hne.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Every knob of the engine and the CLI in one record, read once from the JVM's system properties
 * ({@code -Dhne.threads=2}, passed to {@code ./hne} through {@code HNE_JAVA_OPTS}). The code reads
 * {@link #current()} instead of calling System.getProperty itself, so {@code ./hne doctor} can print
 * the whole set and every run's summary.json and report.md record it ({@link #asMap()}).
 *
 * <p>What it is not: a switchboard to flip at run time. It is immutable; a CLI option that overrides
 * a knob (bench's {@code --threads}) builds what it needs from the value (a CPU backend of that
 * many threads) instead of changing this record.
 *
 * @param threads          {@code hne.threads}: CPU backend worker threads (default: one per core);
 *                         results do not depend on it (docs/training.md)
 * @param naiveKernels     {@code hne.cpu.naive}: run the plain reference loops instead of the fast
 *                         CPU GEMM and convolutions (to rule the fast kernels out)
 * @param poolFloats       {@code hne.pool.floats}: most floats the CPU free-array cache holds
 *                         (default: 3/4 of the maximum heap)
 * @param inferFused       {@code hne.infer.fused}: eval-mode inference runs conv + BN + activation
 *                         as one fused op (default true)
 * @param recompute        {@code hne.recompute}: whether training checkpoints its layers: true,
 *                         false, or auto (default: when keeping everything would not fit; {@link Recompute})
 * @param plainProgress    {@code hne.plainProgress}: plain progress lines even on a terminal
 * @param cudaTf32         {@code hne.cuda.tf32}: let cuDNN use TF32 tensor cores (not float32)
 * @param cudaWorkspaceMiB {@code hne.cuda.workspaceMiB}: cuDNN algorithms needing more workspace
 *                         are skipped (default 1024)
 * @param cudaSoftLimitMiB {@code hne.cuda.softLimitMiB}: device memory the CUDA caching allocator
 *                         holds before it collects (0 = default, 3/4 of the device)
 */
public record RuntimeOptions(int threads, boolean naiveKernels, long poolFloats, boolean inferFused, Recompute recompute,
                             boolean plainProgress, boolean cudaTf32, long cudaWorkspaceMiB, long cudaSoftLimitMiB) {

    private static final RuntimeOptions CURRENT = from(System.getProperties());

    public RuntimeOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("hne.threads must be at least 1, got " + threads);
        }
    }

    /** The JVM's options, read once, when the engine first asks. */
    public static RuntimeOptions current() {
        return CURRENT;
    }

    /** The options a set of properties gives, with the defaults for the ones it lacks. */
    public static RuntimeOptions from(Properties p) {
        long maxHeapFloats = Runtime.getRuntime().maxMemory() / Float.BYTES;
        return new RuntimeOptions(
                intOf(p, "hne.threads", Runtime.getRuntime().availableProcessors()),
                Boolean.parseBoolean(p.getProperty("hne.cpu.naive")),
                longOf(p, "hne.pool.floats", maxHeapFloats / 4 * 3),
                !"false".equals(p.getProperty("hne.infer.fused")),
                Recompute.parse(p.getProperty("hne.recompute")),
                Boolean.parseBoolean(p.getProperty("hne.plainProgress")),
                Boolean.parseBoolean(p.getProperty("hne.cuda.tf32")),
                longOf(p, "hne.cuda.workspaceMiB", 1024),
                longOf(p, "hne.cuda.softLimitMiB", 0));
    }

    /** Property name to value, in declaration order: what doctor prints and the reports record. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hne.threads", threads);
        m.put("hne.cpu.naive", naiveKernels);
        m.put("hne.pool.floats", poolFloats);
        m.put("hne.infer.fused", inferFused);
        m.put("hne.recompute", recompute);
        m.put("hne.plainProgress", plainProgress);
        m.put("hne.cuda.tf32", cudaTf32);
        m.put("hne.cuda.workspaceMiB", cudaWorkspaceMiB);
        m.put("hne.cuda.softLimitMiB", cudaSoftLimitMiB);
        return m;
    }

    /** {@code name=value} pairs separated by spaces, for one line of a log or report. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        asMap().forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }

    private static int intOf(Properties p, String name, int fallback) {
        return Math.toIntExact(longOf(p, name, fallback));
    }

    private static long longOf(Properties p, String name, long fallback) {
        String v = p.getProperty(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + "=" + v + " is not a whole number");
        }
    }
}
