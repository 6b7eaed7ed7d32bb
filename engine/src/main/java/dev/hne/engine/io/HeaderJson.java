package dev.hne.engine.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small, strict JSON reader and string quoter used for safetensors headers.
 *
 * <p>It reads exactly what a safetensors header can hold: objects (kept in document order, with
 * duplicate keys rejected), arrays, strings (every escape, including surrogate pairs; raw bytes
 * must be valid UTF-8) and integers that fit a long. It is deliberately not a general JSON
 * library: fractions, exponents, {@code true}, {@code false} and {@code null} are rejected,
 * because no well-formed header uses them. It works on the raw bytes so that every error can say
 * at which byte of the header it stopped.
 *
 * <p>Parsed values are {@code LinkedHashMap<String, Object>}, {@code List<Object>}, {@code String}
 * and {@code Long}.
 */
final class HeaderJson {

    /** A syntax error at a byte offset within the header; SafeTensors adds the file name. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        final int offset;
        final String expected;

        SyntaxError(int offset, String expected) {
            super("at byte " + offset + ": " + expected);
            this.offset = offset;
            this.expected = expected;
        }
    }

    // A real header nests 3 deep; the cap keeps "[[[[..." from overflowing the stack.
    private static final int MAX_DEPTH = 64;

    private final byte[] bytes;
    private final int end;
    private int pos;

    private HeaderJson(byte[] bytes, int length) {
        this.bytes = bytes;
        this.end = length;
    }

    /** Parses bytes[0, length) as a single JSON object, allowing whitespace (the padding) around it. */
    static LinkedHashMap<String, Object> parseObject(byte[] bytes, int length) throws SyntaxError {
        HeaderJson parser = new HeaderJson(bytes, length);
        parser.skipWhitespace();
        if (parser.peek() != '{') {
            throw parser.error("expected '{' to open the header object");
        }
        LinkedHashMap<String, Object> result = parser.object(0);
        parser.skipWhitespace();
        if (parser.pos != parser.end) {
            throw parser.error("unexpected " + parser.describePeek() + " after the header object (only space padding may follow)");
        }
        return result;
    }

    // ---------------------------------------------------------------- reading

    private Object value(int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        int c = peek();
        if (c == '{') {
            return object(depth + 1);
        }
        if (c == '[') {
            return array(depth + 1);
        }
        if (c == '"') {
            return string();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return integer();
        }
        throw error("expected a string, integer, array or object but found " + describePeek());
    }

    private LinkedHashMap<String, Object> object(int depth) throws SyntaxError {
        expect('{');
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected '\"' to start an object key but found " + describePeek());
            }
            int keyOffset = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object v = value(depth);
            if (map.put(key, v) != null) {
                throw new SyntaxError(keyOffset, "duplicate key \"" + key + "\"");
            }
            skipWhitespace();
            int c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return map;
            } else {
                throw error("expected ',' or '}' but found " + describePeek());
            }
        }
    }

    private List<Object> array(int depth) throws SyntaxError {
        expect('[');
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipWhitespace();
            list.add(value(depth));
            skipWhitespace();
            int c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return list;
            } else {
                throw error("expected ',' or ']' but found " + describePeek());
            }
        }
    }

    /** JSON integer grammar: -?(0|[1-9][0-9]*), and it must fit a long. */
    private Long integer() throws SyntaxError {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (!isDigit(peek())) {
            throw error("expected a digit but found " + describePeek());
        }
        if (peek() == '0' && isDigit(peekAt(pos + 1))) {
            throw new SyntaxError(pos, "leading zeros are not allowed in numbers");
        }
        while (isDigit(peek())) {
            pos++;
        }
        int c = peek();
        if (c == '.' || c == 'e' || c == 'E') {
            throw error("numbers in a safetensors header must be integers, found '" + (char) c + "'");
        }
        String text = new String(bytes, start, pos - start, StandardCharsets.US_ASCII);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new SyntaxError(start, "integer " + text + " does not fit in 64 bits");
        }
    }

    private String string() throws SyntaxError {
        int open = pos;
        expect('"');
        StringBuilder sb = new StringBuilder();
        int runStart = pos; // raw (unescaped) bytes are decoded a run at a time
        while (true) {
            if (pos >= end) {
                throw new SyntaxError(open, "unterminated string");
            }
            int b = bytes[pos] & 0xFF;
            if (b == '"') {
                appendUtf8(sb, runStart, pos);
                pos++;
                return sb.toString();
            }
            if (b < 0x20) {
                throw error("control character 0x" + Integer.toHexString(b) + " in a string must be escaped");
            }
            if (b != '\\') {
                pos++;
                continue;
            }
            appendUtf8(sb, runStart, pos);
            pos++;
            int e = pos < end ? bytes[pos] & 0xFF : -1;
            pos++;
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> unicodeEscape(sb);
                default -> throw new SyntaxError(pos - 2, "invalid escape sequence in a string");
            }
            runStart = pos;
        }
    }

    /** After "\\u": four hex digits; a high surrogate must be followed by an escaped low one. */
    private void unicodeEscape(StringBuilder sb) throws SyntaxError {
        int escapeStart = pos - 2;
        char c = (char) hex4();
        if (Character.isLowSurrogate(c)) {
            throw new SyntaxError(escapeStart, "unpaired low surrogate \\u" + Integer.toHexString(c));
        }
        if (Character.isHighSurrogate(c)) {
            if (peek() != '\\' || peekAt(pos + 1) != 'u') {
                throw new SyntaxError(escapeStart, "unpaired high surrogate \\u" + Integer.toHexString(c));
            }
            pos += 2;
            char low = (char) hex4();
            if (!Character.isLowSurrogate(low)) {
                throw new SyntaxError(escapeStart, "high surrogate \\u" + Integer.toHexString(c) + " is not followed by a low surrogate");
            }
            sb.append(c).append(low);
            return;
        }
        sb.append(c);
    }

    private int hex4() throws SyntaxError {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(peek(), 16);
            if (peek() < 0 || d < 0) {
                throw error("expected 4 hex digits after \\u but found " + describePeek());
            }
            v = v * 16 + d;
            pos++;
        }
        return v;
    }

    private void appendUtf8(StringBuilder sb, int from, int to) throws SyntaxError {
        if (from == to) {
            return;
        }
        try {
            sb.append(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from)));
        } catch (CharacterCodingException e) {
            throw new SyntaxError(from, "string is not valid UTF-8");
        }
    }

    // ---------------------------------------------------------------- cursor helpers

    private void skipWhitespace() {
        while (pos < end) {
            byte b = bytes[pos];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return;
            }
            pos++;
        }
    }

    private void expect(char c) throws SyntaxError {
        if (peek() != c) {
            throw error("expected '" + c + "' but found " + describePeek());
        }
        pos++;
    }

    /** The next byte (0..255), or -1 at the end of the header. */
    private int peek() {
        return peekAt(pos);
    }

    private int peekAt(int i) {
        return i < end ? bytes[i] & 0xFF : -1;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private String describePeek() {
        int c = peek();
        if (c < 0) {
            return "the end of the header";
        }
        if (c >= 0x20 && c < 0x7F) {
            return "'" + (char) c + "'";
        }
        return "byte 0x" + String.format("%02x", c);
    }

    private SyntaxError error(String message) {
        return new SyntaxError(pos, message);
    }

    // ---------------------------------------------------------------- writing

    /**
     * Appends {@code s} as a JSON string literal: quotes, backslashes and control characters are
     * escaped, everything else is kept as is (and later encoded as UTF-8).
     *
     * @throws IllegalArgumentException if {@code s} holds an unpaired surrogate, which has no UTF-8 form
     */
    static void appendQuoted(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("unpaired surrogate U+" + Integer.toHexString(c).toUpperCase()
                        + " at index " + i + " of \"" + s + "\" cannot be written as UTF-8");
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
