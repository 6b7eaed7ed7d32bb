package dev.hne.engine.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PTX files the kernels module ships as classpath resources: {@code dev/hne/kernels/index.txt}
 * lists them, one {@code <family>.ptx} per line (written by kernels/build-ptx.sh). When the kernels
 * were built without nvcc the index is absent and {@link #built()} is false.
 */
public final class PtxResources {

    static final String DIRECTORY = "dev/hne/kernels/";
    private static final Pattern ENTRY = Pattern.compile("^\\.visible \\.entry (\\w+)\\(", Pattern.MULTILINE);

    private PtxResources() {}

    public static boolean built() {
        return PtxResources.class.getClassLoader().getResource(DIRECTORY + "index.txt") != null;
    }

    /** Family names ("groups", "elementwise", ...), in index order; empty when not built. */
    public static List<String> families() {
        if (!built()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : new String(read("index.txt"), StandardCharsets.UTF_8).split("\n")) {
            if (line.endsWith(".ptx")) {
                out.add(line.substring(0, line.length() - 4));
            }
        }
        return out;
    }

    /** The PTX text of one family, NUL-terminated as cuModuleLoadData wants it. */
    public static byte[] ptx(String family) {
        byte[] text = read(family + ".ptx");
        byte[] withNul = java.util.Arrays.copyOf(text, text.length + 1);
        return withNul;
    }

    /** The kernel names ({@code .visible .entry}) a PTX text defines. */
    public static List<String> entries(String ptxText) {
        List<String> names = new ArrayList<>();
        Matcher m = ENTRY.matcher(ptxText);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static final Pattern PARAMETER = Pattern.compile("\\.param \\.(\\w+) ");

    /**
     * Each kernel's parameter types as the PTX declares them ("u64" for a pointer, "u32" for an int,
     * "f32" for a float), by kernel name: what a launch must pass, in order.
     */
    public static Map<String, List<String>> signatures(String ptxText) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(ptxText);
        while (m.find()) {
            int end = ptxText.indexOf(')', m.end());
            List<String> types = new ArrayList<>();
            Matcher p = PARAMETER.matcher(ptxText.substring(m.end(), end < 0 ? ptxText.length() : end));
            while (p.find()) {
                types.add(p.group(1));
            }
            out.put(m.group(1), types);
        }
        return out;
    }

    private static byte[] read(String name) {
        try (InputStream in = PtxResources.class.getClassLoader().getResourceAsStream(DIRECTORY + name)) {
            if (in == null) {
                throw new CudaUnavailableException("PTX resource " + DIRECTORY + name + " is missing from the "
                        + "hne-kernels jar (built without nvcc?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + DIRECTORY + name, e);
        }
    }
}
