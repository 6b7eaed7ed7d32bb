package dev.hne.policy;

import dev.hne.report.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The calibrated exit policies of one checkpoint, saved next to it: {@code runs/x/last.safetensors}
 * gets {@code runs/x/last.policy.properties}, a plain-text properties file (one {@code key = value}
 * per line, readable and diffable; numbers are written so they read back exactly). It is written
 * atomically (temporary file, then rename) and is tied to the checkpoint by the SHA-256 of its bytes
 * and to the held-out split by its size: if either changed, the file is stale and eval refits.
 *
 * <pre>
 *   format = hne-exit-policies/1
 *   checkpoint = last.safetensors           checkpoint_sha256 = 3fa4...      holdout = 2000
 *   natural.threshold.0.budget = 4.0        natural.threshold.0.thresholds = 0.97,0.95,...   (one per stage 1..S-1)
 *   natural.learned.0.tradeoff = 0.02       natural.learned.0.classes = 10
 *   natural.learned.0.stage.1 = w_confidence,w_margin,w_entropy,w_agreement,w_bias   (one line per stage 1..S-1)
 * </pre>
 * Policies are stored per leaf order ("natural", "diverse"; an ANN would use its own name), since
 * the stages differ between orders.
 */
public final class PolicyFile {

    public static final String FORMAT = "hne-exit-policies/1";

    private final Path file;
    private final String checkpointName;
    private final String checkpointSha256;
    private final int holdout;
    private final TreeMap<String, String> entries = new TreeMap<>();   // the order-prefixed policy keys

    private PolicyFile(Path file, String checkpointName, String checkpointSha256, int holdout) {
        this.file = file;
        this.checkpointName = checkpointName;
        this.checkpointSha256 = checkpointSha256;
        this.holdout = holdout;
    }

    /** {@code dir/last.safetensors} -> {@code dir/last.policy.properties}. */
    public static Path sidecar(Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        String stem = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
        return checkpoint.resolveSibling(stem + ".policy.properties");
    }

    /** An empty policy file for this checkpoint and held-out split. */
    public static PolicyFile empty(Path checkpoint, int holdout) throws IOException {
        return new PolicyFile(sidecar(checkpoint), checkpoint.getFileName().toString(), sha256(checkpoint), holdout);
    }

    /**
     * The sidecar of the checkpoint if it exists and belongs to this checkpoint and held-out split,
     * else an empty one (the caller then refits and saves).
     *
     * @throws IOException naming the file when it exists but cannot be read or is malformed
     */
    public static PolicyFile loadOrEmpty(Path checkpoint, int holdout) throws IOException {
        return loadOrEmpty(sidecar(checkpoint), checkpoint.getFileName().toString(), sha256(checkpoint), holdout);
    }

    /**
     * The same for policies that belong to something other than one checkpoint (a cascade of
     * checkpoints, {@code dev.hne.cascade}): the file at {@code file}, valid while {@code sha256}
     * (of whatever it was fitted for) and the held-out size are unchanged.
     */
    public static PolicyFile loadOrEmpty(Path file, String name, String sha256, int holdout) throws IOException {
        PolicyFile fresh = new PolicyFile(file, name, sha256, holdout);
        if (!Files.exists(fresh.file)) {
            return fresh;
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(fresh.file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IllegalArgumentException e) {
            throw new IOException(fresh.file + ": not a properties file (" + e.getMessage() + ")");
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new IOException(fresh.file + ": 'format' is " + p.getProperty("format") + ", expected " + FORMAT);
        }
        if (!fresh.checkpointSha256.equals(p.getProperty("checkpoint_sha256"))
                || !Integer.toString(holdout).equals(p.getProperty("holdout"))) {
            return fresh;   // written for another checkpoint or split: stale
        }
        for (String key : p.stringPropertyNames()) {
            if (key.contains(".threshold.") || key.contains(".learned.")) fresh.entries.put(key, p.getProperty(key));
        }
        return fresh;
    }

    public Path file() {
        return file;
    }

    /** True when the file holds nothing yet (new, stale, or never saved). */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    // ---------------------------------------------------------------- threshold policies

    /** The threshold policy calibrated for exactly this budget, or null. */
    public ThresholdPolicy threshold(String order, double budget) throws IOException {
        for (int i = 0; entries.containsKey(order + ".threshold." + i + ".budget"); i++) {
            String prefix = order + ".threshold." + i + ".";
            if (number(prefix + "budget") == budget) {
                return new ThresholdPolicy(budget, numbers(prefix + "thresholds"));
            }
        }
        return null;
    }

    public void put(String order, ThresholdPolicy p) throws IOException {
        int i = slot(order + ".threshold.", "budget", p.budget());
        String prefix = order + ".threshold." + i + ".";
        entries.put(prefix + "budget", Double.toString(p.budget()));
        entries.put(prefix + "thresholds", join(p.thresholds()));
    }

    // ---------------------------------------------------------------- learned policies

    /** The learned policy fitted for exactly this trade-off, or null. */
    public LearnedPolicy learned(String order, double tradeoff) throws IOException {
        for (int i = 0; entries.containsKey(order + ".learned." + i + ".tradeoff"); i++) {
            String prefix = order + ".learned." + i + ".";
            if (number(prefix + "tradeoff") == tradeoff) {
                List<double[]> stages = new ArrayList<>();
                for (int s = 1; entries.containsKey(prefix + "stage." + s); s++) stages.add(numbers(prefix + "stage." + s));
                try {
                    return new LearnedPolicy(tradeoff, (int) number(prefix + "classes"), stages.toArray(new double[0][]));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ": " + prefix + "*: " + e.getMessage());
                }
            }
        }
        return null;
    }

    public void put(String order, LearnedPolicy p) throws IOException {
        int i = slot(order + ".learned.", "tradeoff", p.tradeoff());
        String prefix = order + ".learned." + i + ".";
        entries.keySet().removeIf(k -> k.startsWith(prefix));
        entries.put(prefix + "tradeoff", Double.toString(p.tradeoff()));
        entries.put(prefix + "classes", Integer.toString(p.classes()));
        for (int s = 1; s <= p.decisions(); s++) entries.put(prefix + "stage." + s, join(p.weights(s)));
    }

    /** Writes the file atomically: a temporary file in the same directory, then a rename over the old one. */
    public void save() throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# Early-exit policies of ").append(checkpointName)
                .append(", calibrated on its held-out split by ./hne eval --policy (docs/anytime.md)\n");
        sb.append(line("format", FORMAT)).append(line("checkpoint", checkpointName))
                .append(line("checkpoint_sha256", checkpointSha256)).append(line("holdout", Integer.toString(holdout)))
                .append(line("features", String.join(",", StageFeatures.NAMES)));
        entries.forEach((k, v) -> sb.append(line(k, v)));
        Path tmp = AtomicFiles.tempSibling(file, ".tmp");   // unique: two writers never share one
        Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The index of the entry with this parameter value, or the next free index. */
    private int slot(String prefix, String field, double value) throws IOException {
        int i = 0;
        for (; entries.containsKey(prefix + i + "." + field); i++) {
            if (number(prefix + i + "." + field) == value) return i;
        }
        return i;
    }

    private double number(String key) throws IOException {
        try {
            return Double.parseDouble(entries.get(key));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IOException(file + ": '" + key + "' is not a number: " + entries.get(key));
        }
    }

    private double[] numbers(String key) throws IOException {
        try {
            return Arrays.stream(entries.get(key).split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
        } catch (NumberFormatException | NullPointerException e) {
            throw new IOException(file + ": '" + key + "' is not a list of numbers: " + entries.get(key));
        }
    }

    /** Double.toString: the shortest text that reads back to the same double. */
    private static String join(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) sb.append(i > 0 ? "," : "").append(Double.toString(values[i]));
        return sb.toString();
    }

    /** One properties line, escaped by Properties itself. */
    private static String line(String key, String value) {
        Properties one = new Properties();
        one.setProperty(key, value);
        StringWriter w = new StringWriter();
        try {
            one.store(w, null);
        } catch (IOException e) {
            throw new AssertionError(e);   // a StringWriter does not fail
        }
        // store() writes a date comment first; keep only the key line
        return w.toString().lines().filter(l -> !l.startsWith("#")).findFirst().orElseThrow() + "\n";
    }

    /** Hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) >= 0) {
                // DigestInputStream hashes as it reads
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every Java has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%d entries)", file, entries.size());
    }
}
