package dev.hne.engine.io;

import static dev.hne.engine.io.SafeTensorsTest.bytes;
import static dev.hne.engine.io.SafeTensorsTest.fileBytes;
import static dev.hne.engine.io.SafeTensorsTest.le64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way {@link SafeTensors#read} rejects a malformed file, each produced from a generated
 * broken file. Each test asserts that the message starts with the file and says what and where.
 */
class SafeTensorsErrorsTest {

    @TempDir
    Path dir;

    /** 8 bytes of F32 data for one two-element tensor. */
    private static final byte[] EIGHT = bytes(0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0);

    // ================================================================ size prefix and truncation

    @Test
    void fileShorterThanThePrefix() throws IOException {
        expect(write("tiny.safetensors", bytes(1, 2, 3)),
                "truncated: the file has 3 bytes, fewer than the 8-byte header-size prefix");
    }

    @Test
    void headerLongerThanTheFile() throws IOException {
        byte[] content = new byte[100];
        System.arraycopy(le64(4096), 0, content, 0, 8);
        expect(write("model.safetensors", content),
                "truncated: header says 4096 bytes of JSON at offset 8 but the file has 100 bytes");
    }

    @Test
    void absurdHeaderSize() throws IOException {
        expect(write("huge.safetensors", le64(200_000_000L)),
                "header size 200000000 bytes (the first 8 bytes) exceeds the 100000000-byte limit");
        // All ones: an unsigned u64 beyond Java's long range is reported as the unsigned number.
        expect(write("ones.safetensors", le64(-1L)), "header size 18446744073709551615 bytes");
    }

    @Test
    void dataSectionShorterThanTheOffsetsSay() throws IOException {
        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        expect(write("cut.safetensors", fileBytes(json, bytes(0, 0, 0x80, 0x3F))),
                "truncated: tensor \"w\" data_offsets [0, 8] end at byte 8 of the data section, but the file has only 4 bytes after the 54-byte header");
    }

    // ================================================================ JSON syntax

    @Test
    void missingColon() throws IOException {
        // { at 0, "a" at 1..3, space at 4, then '{' at 5 where ':' belongs.
        expect(json("colon", "{\"a\" {}}"), "header is not valid JSON at byte 5 of the header (file offset 13): expected ':' but found '{'");
    }

    @Test
    void otherSyntaxErrors() throws IOException {
        expect(json("start", "[1]"), "at byte 0 of the header (file offset 8): expected '{' to open the header object");
        expect(json("empty", ""), "at byte 0 of the header (file offset 8): expected '{'");
        expect(json("unclosed", "{\"a\":{}"), "at byte 7 of the header (file offset 15): expected ',' or '}' but found the end of the header");
        expect(json("trailing", "{} x"), "at byte 3 of the header (file offset 11): unexpected 'x' after the header object");
        expect(json("dupe", "{\"a\":{},\"a\":{}}"), "at byte 8 of the header (file offset 16): duplicate key \"a\"");
        expect(json("escape", "{\"a\\q\":{}}"), "at byte 3 of the header (file offset 11): invalid escape sequence");
        expect(json("control", "{\"a\tb\":{}}"), "at byte 3 of the header (file offset 11): control character 0x9 in a string must be escaped");
        expect(json("unterminated", "{\"abc"), "at byte 1 of the header (file offset 9): unterminated string");
        expect(json("surrogate", "{\"\\ud800\":{}}"), "at byte 2 of the header (file offset 10): unpaired high surrogate");
        expect(json("fraction", "{\"a\":{\"shape\":[1.5]}}"), "at byte 16 of the header (file offset 24): numbers in a safetensors header must be integers");
        expect(json("zeros", "{\"a\":{\"shape\":[01]}}"), "at byte 15 of the header (file offset 23): leading zeros");
        expect(json("literal", "{\"a\":true}"), "at byte 5 of the header (file offset 13): expected a string, integer, array or object but found 't'");
        expect(json("bignum", "{\"a\":[99999999999999999999]}"), "at byte 6 of the header (file offset 14): integer 99999999999999999999 does not fit in 64 bits");
        expect(json("deep", "{\"a\":" + "[".repeat(100)), "nesting deeper than 64 levels");
    }

    @Test
    void invalidUtf8InAString() throws IOException {
        // {"<FF>":{}} : 0xFF never occurs in UTF-8.
        byte[] header = bytes('{', '"', 0xFF, '"', ':', '{', '}', '}');
        byte[] content = new byte[8 + header.length];
        System.arraycopy(le64(header.length), 0, content, 0, 8);
        System.arraycopy(header, 0, content, 8, header.length);
        expect(write("utf8.safetensors", content), "at byte 2 of the header (file offset 10): string is not valid UTF-8");
    }

    // ================================================================ header structure

    @Test
    void unsupportedDtypeIsNamed() throws IOException {
        expect(tensorFile("dtype", "{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}", EIGHT),
                "tensor \"t\" has dtype \"I64\", which is not supported (supported: [F32, F16, BF16, F64])");
        expect(tensorFile("lower", "{\"dtype\":\"f32\",\"shape\":[2],\"data_offsets\":[0,8]}", EIGHT),
                "tensor \"t\" has dtype \"f32\", which is not supported");
    }

    @Test
    void sizeDisagreesWithShape() throws IOException {
        String json = "{\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[10,64],\"data_offsets\":[0,2000]}}";
        expect(write("model.safetensors", fileBytes(json, new byte[2000])),
                "tensor \"fc.weight\" F32 shape [10, 64] needs 2560 bytes but data_offsets [0, 2000] span 2000");
        // F16: 3 elements * 2 bytes = 6, not 8.
        expect(tensorFile("f16", "{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,8]}", EIGHT),
                "tensor \"t\" F16 shape [3] needs 6 bytes but data_offsets [0, 8] span 8");
    }

    @Test
    void negativeDimension() throws IOException {
        expect(tensorFile("neg", "{\"dtype\":\"F32\",\"shape\":[2,-3],\"data_offsets\":[0,8]}", EIGHT),
                "tensor \"t\" has negative dimension -3 in shape [2, -3]");
    }

    @Test
    void tooManyElementsForAnArray() throws IOException {
        // 65536 * 65536 = 2^32 elements > Integer.MAX_VALUE: rejected before any allocation.
        expect(tensorFile("big", "{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,8]}", EIGHT),
                "tensor \"t\" shape [65536, 65536] has 4294967296 elements, more than a Java array can hold");
    }

    @Test
    void overlappingOffsets() throws IOException {
        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        expect(write("overlap.safetensors", fileBytes(json, new byte[12])),
                "tensors \"a\" data_offsets [0, 8] and \"b\" data_offsets [4, 12] overlap");
    }

    @Test
    void holesInTheDataSection() throws IOException {
        String between = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}";
        expect(write("hole.safetensors", fileBytes(between, new byte[20])),
                "data section has a hole: bytes [8, 12) between \"a\" and \"b\" belong to no tensor");
        String before = "{\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        expect(write("front.safetensors", fileBytes(before, new byte[12])),
                "data section has a hole: bytes [0, 4) before \"b\" belong to no tensor");
        String after = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        expect(write("tail.safetensors", fileBytes(after, new byte[11])),
                "data section has 3 trailing bytes [8, 11) that belong to no tensor");
    }

    @Test
    void offsetsOutOfOrder() throws IOException {
        expect(tensorFile("order", "{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}", EIGHT),
                "tensor \"t\" data_offsets [8, 0] are not ordered as 0 <= begin <= end");
        expect(tensorFile("three", "{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4,8]}", EIGHT),
                "tensor \"t\": \"data_offsets\" must be [begin, end], found 3 numbers");
    }

    @Test
    void wrongFieldsAndTypes() throws IOException {
        expect(tensorFile("missing", "{\"dtype\":\"F32\",\"shape\":[2]}", EIGHT), "tensor \"t\" is missing \"data_offsets\"");
        expect(tensorFile("unknown", "{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":[]}", EIGHT),
                "tensor \"t\" has unknown field \"x\" (expected dtype, shape, data_offsets)");
        expect(tensorFile("notobj", "[2]", EIGHT), "tensor \"t\" must be an object with dtype, shape and data_offsets, found an array");
        expect(tensorFile("dtypenum", "{\"dtype\":4,\"shape\":[2],\"data_offsets\":[0,8]}", EIGHT),
                "tensor \"t\": \"dtype\" must be a string, found the integer 4");
        expect(tensorFile("shapestr", "{\"dtype\":\"F32\",\"shape\":\"2\",\"data_offsets\":[0,8]}", EIGHT),
                "tensor \"t\": \"shape\" must be an array of integers, found the string \"2\"");
        expect(tensorFile("shapenest", "{\"dtype\":\"F32\",\"shape\":[[2]],\"data_offsets\":[0,8]}", EIGHT),
                "tensor \"t\": \"shape\" must hold integers, found an array at index 0");
    }

    @Test
    void badMetadata() throws IOException {
        expect(json("metaarr", "{\"__metadata__\":[]}"), "\"__metadata__\" must be an object of strings, found an array");
        expect(json("metanum", "{\"__metadata__\":{\"epoch\":3}}"),
                "\"__metadata__\" value for key \"epoch\" must be a string, found the integer 3");
    }

    @Test
    void missingFileIsAPlainIOException() {
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(dir.resolve("absent.safetensors")));
        assertTrue(e instanceof NoSuchFileException, e.toString());
    }

    // ================================================================ helpers

    private Path write(String name, byte[] content) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, content);
        return path;
    }

    /** A file whose header is {@code json} and whose data section is empty. */
    private Path json(String name, String json) throws IOException {
        return write(name + ".safetensors", fileBytes(json, new byte[0]));
    }

    /** A file with one tensor "t" described by {@code entry}. */
    private Path tensorFile(String name, String entry, byte[] data) throws IOException {
        return write(name + ".safetensors", fileBytes("{\"t\":" + entry + "}", data));
    }

    /** Reading {@code file} fails with a message "<file>: ..." that contains {@code problem}. */
    private static void expect(Path file, String problem) {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), "message should start with the file: " + e.getMessage());
        assertTrue(e.problem().contains(problem), "expected \"" + problem + "\" in: " + e.getMessage());
        assertEquals(file, e.file());
    }
}
