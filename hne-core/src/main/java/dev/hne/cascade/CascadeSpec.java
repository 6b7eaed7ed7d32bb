package dev.hne.cascade;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One network of a cascade as the user names it in {@code ./hne eval --select}: a checkpoint, where
 * to cut it, and whether it may stop early inside. The syntax (no spaces; a path may not hold '@'):
 *
 * <pre>
 *   runs/ann/last.safetensors                 the whole network (every member / up to the last exit)
 *   runs/hne/last.safetensors@n=2             an HNE evaluated with its first 2 members (leaf order of --order)
 *   runs/ann/last.safetensors@exit=3          an anytime network stopped at exit 3
 *   runs/hne/last.safetensors@early=learned:0.02      ... that stops each image early by its own
 *   runs/hne/last.safetensors@n=4@early=threshold:3.0  early-exit policy (docs/anytime.md): learned with
 *                                                      trade-off lambda, or threshold with a budget in MMACs
 * </pre>
 *
 * @param stages     members (n) or exits to keep; null = all of them
 * @param cutKey     "n" or "exit" when {@code stages} was given, else null (checked against the model kind)
 * @param early      the network's own early-exit policy, or null
 */
public record CascadeSpec(String text, Path checkpoint, Integer stages, String cutKey, Early early) {

    /** A network's own early exit: "learned" with trade-off lambda, or "threshold" with a budget in MMACs. */
    public record Early(String kind, double parameter) {

        public String label() {
            return kind.equals("learned") ? String.format(Locale.ROOT, "learned early exit, lambda %s", parameter)
                    : String.format(Locale.ROOT, "threshold early exit, budget %s MMACs", parameter);
        }
    }

    /**
     * Parses one entry.
     *
     * @throws IllegalArgumentException with a one-line reason naming the entry
     */
    public static CascadeSpec parse(String text) {
        String[] parts = text.split("@", -1);
        if (parts[0].isEmpty()) {
            throw new IllegalArgumentException("--select entry '" + text + "' has no checkpoint path before '@'");
        }
        Integer stages = null;
        String cutKey = null;
        Early early = null;
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            String key = kv[0], value = kv.length == 2 ? kv[1] : "";
            switch (key) {
                case "n", "exit" -> {
                    if (cutKey != null) {
                        throw new IllegalArgumentException("--select entry '" + text + "' cuts the network twice (@" + cutKey + " and @" + key + ")");
                    }
                    cutKey = key;
                    stages = positiveInt(text, key, value);
                }
                case "early" -> early = parseEarly(text, value);
                default -> throw new IllegalArgumentException("--select entry '" + text + "': unknown '@" + parts[i]
                        + "'; use @n=K (HNE members), @exit=K (ANN exit) or @early=learned:LAMBDA|threshold:MMACS");
            }
        }
        return new CascadeSpec(text, Path.of(parts[0]), stages, cutKey, early);
    }

    /** Parses every entry, in the order given (the cascade's order: cheapest first). */
    public static List<CascadeSpec> parseAll(List<String> texts) {
        if (texts.size() < 2) {
            throw new IllegalArgumentException("--select needs at least two checkpoints, cheapest first, got " + texts.size());
        }
        List<CascadeSpec> out = new ArrayList<>();
        for (String t : texts) out.add(parse(t.strip()));
        return out;
    }

    private static int positiveInt(String text, String key, String value) {
        try {
            int k = Integer.parseInt(value);
            if (k >= 1) return k;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--select entry '" + text + "': @" + key + " needs a whole number >= 1, got '" + value + "'");
    }

    private static Early parseEarly(String text, String value) {
        String[] kv = value.split(":", 2);
        if (kv.length == 2 && (kv[0].equals("learned") || kv[0].equals("threshold"))) {
            try {
                double p = Double.parseDouble(kv[1]);
                if (p >= 0 && !Double.isInfinite(p)) return new Early(kv[0], p);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("--select entry '" + text + "': @early needs learned:LAMBDA or threshold:MMACS (a number >= 0), got '"
                + value + "'");
    }
}
