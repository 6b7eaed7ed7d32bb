package dev.hne.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trips, byte-exact checks against hand-built files, the F16/BF16/F64 decoders, and the
 * atomic replace of {@link SafeTensors}. Malformed files are covered in {@link SafeTensorsErrorsTest}.
 * Run: ./mvnw -q test -pl kernels,engine -Dtest='SafeTensors*'
 */
class SafeTensorsTest {

    @TempDir
    Path dir;

    // ================================================================ round trips

    @Test
    void roundTripKeepsNamesShapesValuesOrderAndMetadata() throws IOException {
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("conv1.weight", tensor(new int[] {3, 5, 7}, 0.25f));            // 105 elements: not a multiple of 8
        tensors.put("scalar", HostTensor.scalar(-3.5f));
        tensors.put("bias", tensor(new int[] {1}, 7f));
        tensors.put("empty", new HostTensor(new int[] {2, 0, 3}, new float[0]));   // takes no bytes
        tensors.put("big", tensor(new int[] {300_001}, 0.001f));                   // crosses the 1 MiB I/O chunk
        tensors.put("specials", new HostTensor(new int[] {5}, new float[] {
                Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, Float.MIN_VALUE}));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("epoch", "42");
        metadata.put("note", "ünïcödé \"quoted\" back\\slash\ttab\nline \u0001 😀");

        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, tensors, metadata);
        Checkpoint read = SafeTensors.read(file);

        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.tensors().keySet()));
        assertEquals(tensors, read.tensors());
        assertEquals(metadata, read.metadata());
        assertEquals(0, (Files.size(file) - 8 - 4L * (105 + 1 + 1 + 300_001 + 5)) % 8, "header padded to a multiple of 8");
    }

    @Test
    void roundTripWithoutMetadataAndWithAwkwardNames() throws IOException {
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        String[] names = {"naïve/θ.weight", "emoji 😀 𝔘", "quote\"and\\backslash", "slash/and\ttab\nnewline", "\u0001\u001f", "", " "};
        for (int i = 0; i < names.length; i++) {
            tensors.put(names[i], tensor(new int[] {i + 1, 2}, i));
        }
        Path file = dir.resolve("names.safetensors");
        SafeTensors.write(file, tensors, Map.of());
        Checkpoint read = SafeTensors.read(file);
        assertEquals(List.of(names), List.copyOf(read.tensors().keySet()));
        assertEquals(tensors, read.tensors());
        assertTrue(read.metadata().isEmpty());
        // Without metadata the header must not mention it at all.
        assertTrue(!new String(Files.readAllBytes(file), StandardCharsets.UTF_8).contains("__metadata__"));
    }

    @Test
    void roundTripOfNoTensorsAtAll() throws IOException {
        Path file = dir.resolve("nothing.safetensors");
        SafeTensors.write(file, Map.of(), Map.of("only", "metadata"));
        Checkpoint read = SafeTensors.read(file);
        assertTrue(read.tensors().isEmpty());
        assertEquals(Map.of("only", "metadata"), read.metadata());
    }

    // ================================================================ byte-exact against the spec

    @Test
    void writeProducesExactlyTheSpecifiedBytes() throws IOException {
        Path file = dir.resolve("exact.safetensors");
        SafeTensors.write(file, Map.of("a", new HostTensor(new int[] {2}, new float[] {1.0f, -2.0f})), Map.of());

        // {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}} is 5 + 15 + 12 + 20 + 2 = 54 bytes,
        // padded with 2 spaces to 56 = 0x38, a multiple of 8.
        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        assertEquals(54, json.length());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(bytes(0x38, 0, 0, 0, 0, 0, 0, 0));                  // u64 LE 56
        expected.write(json.getBytes(StandardCharsets.US_ASCII));
        expected.write(bytes(' ', ' '));
        expected.write(bytes(0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0)); // 1.0f = 0x3F800000, -2.0f = 0xC0000000
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
        // ...and those hand-built bytes read back as the tensor.
        assertEquals(Map.of("a", new HostTensor(new int[] {2}, new float[] {1.0f, -2.0f})), SafeTensors.read(file).tensors());
    }

    @Test
    void writeWithMetadataPutsItFirstAndEscapesStrings() throws IOException {
        Path file = dir.resolve("meta.safetensors");
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("q\"\\", HostTensor.scalar(0.5f));
        SafeTensors.write(file, tensors, Map.of("k", "é\n"));

        // The header text, as it appears in the file:
        //   {"__metadata__":{"k":"é\n"},"q\"\\":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}
        // Bytes: { 1, "__metadata__" 14, :{ 2, "k" 3, : 1, "é\n" 6 (quote, é = C3 A9, \n as 2, quote),
        // }, 2, "q\"\\" 7 (quote, q, \" as 2, \\ as 2, quote), : 1, {"dtype":"F32", 15, "shape":[], 11,
        // "data_offsets":[0,4] 20, }} 2: total 85, padded with 3 spaces to 88 = 0x58.
        byte[] json = "{\"__metadata__\":{\"k\":\"é\\n\"},\"q\\\"\\\\\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(85, json.length);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(bytes(0x58, 0, 0, 0, 0, 0, 0, 0));
        expected.write(json);
        expected.write(bytes(' ', ' ', ' '));
        expected.write(bytes(0x00, 0x00, 0x00, 0x3F)); // 0.5f = 0x3F000000
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
    }

    @Test
    void readsAHandBuiltFile() throws IOException {
        // Pretty-printed, unpadded, with backslash-u escapes and "\/" as other writers may produce; header
        // order (b before a) differs from data order, and the result keeps header order.
        String json = "{ \"__metadata__\" : { \"format\" : \"pt\" },\n"
                + "  \"b\\u00e9\\/x\" : {\"dtype\":\"F32\", \"shape\":[1,2], \"data_offsets\":[8, 16]},\n"
                + "  \"a\" : {\"data_offsets\":[0,8], \"shape\":[2], \"dtype\":\"F32\"} }";
        byte[] header = json.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(le64(header.length));
        file.write(header);
        file.write(bytes(0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0)); // a = [1.0, -2.0]
        file.write(bytes(0x00, 0x00, 0x00, 0x3F, 0x00, 0x00, 0x40, 0x40)); // b = [0.5 (0x3F000000), 3.0 (0x40400000)]
        Path path = dir.resolve("hand.safetensors");
        Files.write(path, file.toByteArray());

        Checkpoint read = SafeTensors.read(path);
        assertEquals(List.of("bé/x", "a"), List.copyOf(read.tensors().keySet()));
        assertEquals(new HostTensor(new int[] {2}, new float[] {1.0f, -2.0f}), read.get("a"));
        assertEquals(new HostTensor(new int[] {1, 2}, new float[] {0.5f, 3.0f}), read.get("bé/x"));
        assertEquals(Map.of("format", "pt"), read.metadata());
    }

    // ================================================================ other dtypes

    @Test
    void decodesF16() throws IOException {
        byte[] data = bytes(
                0x00, 0x3C,  // 0x3C00: exponent 15 - 15 = 0, mantissa 0 -> 1.0
                0x00, 0xC1,  // 0xC100: sign, exponent 16 -> 2^1, mantissa 0x100/0x400 = 0.25 -> -1.25 * 2 = -2.5
                0xFF, 0x7B,  // 0x7BFF: exponent 30 -> 2^15, mantissa 1023/1024 -> 32768 * 2047/1024 = 65504 (max half)
                0x00, 0x04,  // 0x0400: smallest normal, 2^-14
                0x01, 0x00,  // 0x0001: smallest subnormal, 1 * 2^-24
                0xFF, 0x03,  // 0x03FF: largest subnormal, 1023 * 2^-24
                0x00, 0x80,  // 0x8000: -0.0
                0x00, 0x7C,  // 0x7C00: +inf
                0x00, 0xFC,  // 0xFC00: -inf
                0x00, 0x7E); // 0x7E00: NaN
        float[] got = readOne("F16", 10, data);
        assertArrayEquals(new float[] {1.0f, -2.5f, 65504f, 0x1p-14f, 0x1p-24f, 1023 * 0x1p-24f, -0.0f,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN}, got);
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(got[6]), "sign of zero kept");
    }

    @Test
    void decodesBF16() throws IOException {
        byte[] data = bytes(
                0x80, 0x3F,  // 0x3F80 -> float bits 0x3F800000 = 1.0
                0x20, 0xC0,  // 0xC020 -> 0xC0200000 = -2.5
                0x7F, 0x47,  // 0x477F -> 0x477F0000: exponent 142 - 127 = 15, 1 + 127/128 -> 32768 * 255/128 = 65280
                0x01, 0x00,  // 0x0001 -> 0x00010000 = 2^16 * 2^-149 = 2^-133, subnormal
                0x80, 0x7F,  // 0x7F80 -> +inf
                0x80, 0xFF,  // 0xFF80 -> -inf
                0xC0, 0x7F); // 0x7FC0 -> NaN
        assertArrayEquals(new float[] {1.0f, -2.5f, 65280f, 0x1p-133f,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN}, readOne("BF16", 7, data));
    }

    @Test
    void decodesF64() throws IOException {
        byte[] data = bytes(
                0, 0, 0, 0, 0, 0, 0xF0, 0x3F,                 // 0x3FF0000000000000 = 1.0
                0, 0, 0, 0, 0, 0, 0x04, 0xC0,                 // 0xC004000000000000: sign, 2^1 * 1.25 = -2.5
                0, 0, 0, 0, 0, 0xFC, 0xEF, 0x40,              // 0x40EFFC0000000000: 2^15 * (1 + 1023/1024) = 65504
                0x9A, 0x99, 0x99, 0x99, 0x99, 0x99, 0xB9, 0x3F, // 0x3FB999999999999A = 0.1, rounds to 0.1f (not truncates)
                0, 0, 0, 0, 0, 0, 0xA0, 0x36,                 // 0x36A0000000000000: exponent 874 - 1023 = -149 -> Float.MIN_VALUE
                1, 0, 0, 0, 0, 0, 0, 0,                       // smallest double subnormal, 2^-1074 -> 0.0f
                0, 0, 0, 0, 0, 0, 0x70, 0x7E,                 // 0x7E70000000000000 = 2^1000 -> too big for float: +inf
                0, 0, 0, 0, 0, 0, 0xF0, 0xFF);                // 0xFFF0000000000000 = -inf
        assertArrayEquals(new float[] {1.0f, -2.5f, 65504f, 0.1f, Float.MIN_VALUE, 0.0f,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}, readOne("F64", 8, data));
    }

    @Test
    void mixedDtypesInOneFile() throws IOException {
        // F16 1.0 at [0, 2), F64 -2.5 at [2, 10), BF16 1.0 at [10, 12): no alignment is required.
        String json = "{\"h\":{\"dtype\":\"F16\",\"shape\":[],\"data_offsets\":[0,2]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[2,10]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1,1],\"data_offsets\":[10,12]}}";
        Path file = build("mixed.safetensors", json,
                bytes(0x00, 0x3C, 0, 0, 0, 0, 0, 0, 0x04, 0xC0, 0x80, 0x3F));
        Checkpoint read = SafeTensors.read(file);
        assertEquals(HostTensor.scalar(1.0f), read.get("h"));
        assertEquals(new HostTensor(new int[] {1}, new float[] {-2.5f}), read.get("d"));
        assertEquals(new HostTensor(new int[] {1, 1}, new float[] {1.0f}), read.get("b"));
    }

    // ================================================================ atomic replace

    @Test
    void overwriteReplacesContentAndLeavesNoTempFiles() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        Map<String, HostTensor> old = Map.of("w", tensor(new int[] {4}, 1f));
        Map<String, HostTensor> neu = Map.of("w", tensor(new int[] {9}, 2f), "b", HostTensor.scalar(3f));
        SafeTensors.write(file, old, Map.of("v", "old"));
        SafeTensors.write(file, neu, Map.of("v", "new"));
        Checkpoint read = SafeTensors.read(file);
        assertEquals(neu, read.tensors());
        assertEquals(Map.of("v", "new"), read.metadata());
        assertEquals(List.of(file), listDir());
    }

    @Test
    void failedWriteKeepsTheOldFileAndRemovesTheTempFile() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        Map<String, HostTensor> old = Map.of("w", tensor(new int[] {4}, 1f));
        SafeTensors.write(file, old, Map.of());
        byte[] before = Files.readAllBytes(file);

        // The header is built from entrySet(); the data loop uses values(), which here fails as
        // a crash or full disk would, after the temp file was created and partly written.
        Map<String, HostTensor> failing = new LinkedHashMap<>() {
            @Override
            public java.util.Collection<HostTensor> values() {
                throw new IllegalStateException("simulated failure mid-write");
            }
        };
        failing.put("w", tensor(new int[] {1000}, 5f));
        assertThrows(IllegalStateException.class, () -> SafeTensors.write(file, failing, Map.of()));

        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file), listDir());
    }

    @Test
    void concurrentReaderSeesOldOrNewNeverAMix() throws Exception {
        Path file = dir.resolve("live.safetensors");
        Map<String, HostTensor> a = Map.of("w", tensor(new int[] {20_000}, 1f));
        Map<String, HostTensor> b = Map.of("w", tensor(new int[] {30_000}, 2f), "x", HostTensor.scalar(9f));
        SafeTensors.write(file, a, Map.of());
        // A failure inside the writer thread would otherwise die with the thread and the test
        // would pass on whatever was read: keep it and rethrow it after join.
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        int[] writes = {0};
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 40; i++) {
                    SafeTensors.write(file, i % 2 == 0 ? b : a, Map.of());
                    writes[0]++;
                }
            } catch (Throwable e) {
                writerFailure.set(e);
            }
        });
        writer.start();
        int reads = 0;
        while (writer.isAlive() || reads == 0) {
            Map<String, HostTensor> seen = SafeTensors.read(file).tensors();
            assertTrue(seen.equals(a) || seen.equals(b), "a reader saw a partial checkpoint");
            reads++;
        }
        writer.join();
        if (writerFailure.get() != null) {
            throw new AssertionError("the writer thread failed", writerFailure.get());
        }
        assertEquals(40, writes[0], "writes completed");
        assertEquals(List.of(file), listDir());
    }

    @Test
    void writeRejectsReservedAndUnencodableNames() {
        Path file = dir.resolve("x.safetensors");
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(file, Map.of("__metadata__", HostTensor.scalar(1f)), Map.of()));
        assertTrue(reserved.getMessage().contains("__metadata__"), reserved.getMessage());
        IllegalArgumentException surrogate = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(file, Map.of("bad\uD800", HostTensor.scalar(1f)), Map.of()));
        assertTrue(surrogate.getMessage().contains("surrogate"), surrogate.getMessage());
        assertTrue(!Files.exists(file));
    }

    // ================================================================ helpers

    /** A tensor filled with start, start + 1, ... scaled down, so every element differs. */
    static HostTensor tensor(int[] shape, float start) {
        int n = (int) HostTensor.elementCount(shape);
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = start + i * 0.5f - n / 3f;
        }
        return new HostTensor(shape, data);
    }

    private float[] readOne(String dtype, int count, byte[] data) throws IOException {
        String json = "{\"t\":{\"dtype\":\"" + dtype + "\",\"shape\":[" + count + "],\"data_offsets\":[0," + data.length + "]}}";
        return SafeTensors.read(build(dtype + ".safetensors", json, data)).get("t").data();
    }

    private Path build(String name, String json, byte[] data) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, fileBytes(json, data));
        return path;
    }

    /** prefix + header + data, with the prefix computed from the header's UTF-8 length. */
    static byte[] fileBytes(String json, byte[] data) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(le64(header.length));
        out.writeBytes(header);
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] le64(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
