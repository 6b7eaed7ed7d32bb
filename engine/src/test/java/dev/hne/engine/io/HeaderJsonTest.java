package dev.hne.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The safetensors header reader on the JSON corners a careless parser gets wrong: whitespace
 * inside empty containers and around commas, surrogate pairs, nesting depth, and escapes cut off
 * at the end. Expected values are what JSON (RFC 8259) says the text means.
 */
class HeaderJsonTest {

    private static Map<String, Object> parse(String json) throws HeaderJson.SyntaxError {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return HeaderJson.parseObject(b, b.length);
    }

    private static HeaderJson.SyntaxError fails(String json) {
        return assertThrows(HeaderJson.SyntaxError.class, () -> parse(json), json);
    }

    @Test
    void emptyContainersMayHoldWhitespace() throws Exception {
        assertEquals(Map.of(), parse("{ }"));
        assertEquals(Map.of(), parse("{\n\t}"));
        assertEquals(Map.of("a", List.of()), parse("{\"a\":[ ]}"));
        assertEquals(Map.of("a", Map.of()), parse("{\"a\" : { } }  "));
    }

    @Test
    void whitespaceAroundCommasAndColons() throws Exception {
        assertEquals(Map.of("shape", List.of(2L, 3L)), parse("{\"shape\":[2 ,3]}"));
        assertEquals(Map.of("shape", List.of(2L, 3L)), parse("{ \"shape\" :\n[ 2 , 3 ] }"));
        assertEquals(Map.of("a", 1L, "b", -7L), parse("{\"a\":1 , \"b\":-7}"));
    }

    @Test
    void surrogatePairEscapesDecodeToOneCodePoint() throws Exception {
        // U+1F600 (grinning face) = high D83D, low DE00 in UTF-16.
        Map<String, Object> m = parse("{\"k\":\"\\ud83d\\ude00\"}");
        String s = (String) m.get("k");
        assertEquals(2, s.length());
        assertEquals(0x1F600, s.codePointAt(0));
        // The same character as raw UTF-8 bytes reads the same.
        assertEquals(s, parse("{\"k\":\"\uD83D\uDE00\"}").get("k"));
        assertTrue(fails("{\"k\":\"\\ud83d\"}").getMessage().contains("unpaired high surrogate"));
        assertTrue(fails("{\"k\":\"\\ude00\"}").getMessage().contains("unpaired low surrogate"));
        assertTrue(fails("{\"k\":\"\\ud83d\\u0041\"}").getMessage().contains("not followed by a low surrogate"));
    }

    @Test
    void nestingUpToTheCapIsReadAndDeeperIsRefused() throws Exception {
        // The outer object is depth 0 and each container entered adds one; a value is refused when
        // it would be read at a depth above 64. 65 nested arrays: the innermost (empty) one is
        // entered from depth 64, so it is read; 66 needs a value at depth 65.
        String ok = "{\"a\":" + "[".repeat(65) + "]".repeat(65) + "}";
        Object v = parse(ok).get("a");
        int depth = 0;
        while (v instanceof List<?> list && !list.isEmpty()) {
            v = list.get(0);
            depth++;
        }
        assertEquals(64, depth, "65 nested arrays: 64 non-empty ones around the innermost empty one");
        HeaderJson.SyntaxError e = fails("{\"a\":" + "[".repeat(66) + "]".repeat(66) + "}");
        assertTrue(e.getMessage().contains("nesting deeper than 64"), e.getMessage());
    }

    @Test
    void aBackslashAtTheEndOfTheHeaderIsAnErrorNotACrash() {
        HeaderJson.SyntaxError e = fails("{\"k\":\"abc\\");
        assertEquals(9, e.offset, e.getMessage());   // the backslash is byte 9
        assertTrue(e.getMessage().contains("invalid escape"), e.getMessage());
        assertTrue(fails("{\"k\":\"\\u12").getMessage().contains("expected 4 hex digits"));
    }

    @Test
    void whatAHeaderCannotHoldIsRefused() {
        assertTrue(fails("[1]").getMessage().contains("expected '{'"));
        assertTrue(fails("{\"a\":1.5}").getMessage().contains("must be integers"));
        assertTrue(fails("{\"a\":01}").getMessage().contains("leading zeros"));
        assertTrue(fails("{\"a\":1,\"a\":2}").getMessage().contains("duplicate key"));
        assertTrue(fails("{\"a\":1} x").getMessage().contains("after the header object"));
        assertTrue(fails("{\"a\":99999999999999999999}").getMessage().contains("does not fit in 64 bits"));
    }
}
