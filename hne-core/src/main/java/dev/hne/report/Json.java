package dev.hne.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tiny JSON writer for the reports (maps, lists, numbers, strings, booleans, null, arrays of
 * double and int). Pretty-printed with two-space indents. Not a parser: the reports are written
 * for people and for other tools; this program reads its own results back from CSV.
 */
public final class Json {

    private Json() {}

    /** JSON text that is embedded as it is (e.g. an object written earlier). */
    public record Raw(String json) {}

    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, int indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Raw r) {
            sb.append(r.json().replace("\n", "\n" + "  ".repeat(indent)));
        } else if (v instanceof String s) {
            quote(sb, s);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
            sb.append(v);
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            sb.append(Double.isFinite(d) ? trim(String.format(Locale.ROOT, "%.6g", d)) : "null");
        } else if (v instanceof double[] a) {
            sb.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) sb.append(", ");
                write(sb, a[i], indent);
            }
            sb.append(']');
        } else if (v instanceof int[] a) {
            sb.append('[');
            for (int i = 0; i < a.length; i++) sb.append(i > 0 ? ", " : "").append(a[i]);
            sb.append(']');
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            int i = 0;
            for (var e : m.entrySet()) {
                sb.append("  ".repeat(indent + 1));
                quote(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), indent + 1);
                sb.append(++i < m.size() ? ",\n" : "\n");
            }
            sb.append("  ".repeat(indent)).append('}');
        } else if (v instanceof List<?> list) {
            boolean flat = list.stream().noneMatch(x -> x instanceof Map || x instanceof List);
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) sb.append(flat ? ", " : ",");
                if (!flat) sb.append('\n').append("  ".repeat(indent + 1));
                write(sb, list.get(i), indent + 1);
            }
            if (!flat && !list.isEmpty()) sb.append('\n').append("  ".repeat(indent));
            sb.append(']');
        } else {
            quote(sb, v.toString());
        }
    }

    /** 0.912000 -> 0.912, 1.00000e-05 stays. */
    private static String trim(String s) {
        if (s.contains("e") || !s.contains(".")) {
            return s;
        }
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
