package dev.hne.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads and writes checkpoints in the safetensors format (https://github.com/huggingface/safetensors),
 * so that weights move between this engine and PyTorch without pickles.
 *
 * <p>File layout: an 8-byte little-endian unsigned length N; N bytes of UTF-8 JSON, possibly padded
 * with trailing spaces; then the data section. The JSON maps each tensor name to
 * {@code {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}}, offsets being relative to
 * the start of the data section, plus an optional {@code "__metadata__"} object of strings. Tensors
 * are little-endian, contiguous and row-major, and their byte ranges tile the data section exactly.
 *
 * <p>What this is not: a lazy or memory-mapped loader (everything is read into float arrays), nor a
 * general safetensors library. It writes F32 only and reads F32, F16, BF16 and F64, converting to
 * float; other dtypes are rejected by name. Every malformed file is rejected with a
 * {@link CheckpointFormatException} that names the file, the problem and where it is.
 */
public final class SafeTensors {

    /** The key reserved for free-form string metadata; never a tensor name. */
    public static final String METADATA_KEY = "__metadata__";

    /** Header size limit, as in the reference implementation: a bigger value means "not this format". */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final int PREFIX_BYTES = 8;
    private static final int ALIGNMENT = 8;
    private static final int CHUNK_BYTES = 1 << 20; // multiple of every dtype width
    private static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8; // largest safe Java array

    private SafeTensors() {}

    // ================================================================ write

    /**
     * Writes {@code tensors} (as F32, in the map's iteration order) and {@code metadata} to
     * {@code file}, replacing it atomically: the bytes go to a temporary file in the same directory,
     * which is forced to disk and then renamed over {@code file}. A crash leaves the old file or
     * the new one, never a mix; if the file system cannot rename atomically, this fails
     * ({@link java.nio.file.AtomicMoveNotSupportedException}) rather than write non-atomically.
     *
     * @param metadata free-form strings stored under {@code "__metadata__"}; omitted when empty
     * @throws IllegalArgumentException if a name is {@code "__metadata__"} or not encodable as UTF-8
     */
    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata) throws IOException {
        if (file == null || tensors == null || metadata == null) {
            throw new IllegalArgumentException("SafeTensors.write: file, tensors and metadata must not be null (use Map.of() for none)");
        }
        byte[] header = header(tensors, metadata);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path temp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer prefix = ByteBuffer.allocate(PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                prefix.putLong(header.length).flip();
                writeFully(out, prefix);
                writeFully(out, ByteBuffer.wrap(header));
                ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (HostTensor tensor : tensors.values()) {
                    writeFloats(out, tensor.data(), chunk);
                }
                out.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        syncDirectory(dir);
    }

    /** The JSON header, padded with spaces so the data section starts 8-byte aligned. */
    private static byte[] header(Map<String, HostTensor> tensors, Map<String, String> metadata) {
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            HeaderJson.appendQuoted(json, METADATA_KEY);
            json.append(":{");
            String separator = "";
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IllegalArgumentException("SafeTensors.write: metadata keys and values must not be null: " + e);
                }
                json.append(separator);
                HeaderJson.appendQuoted(json, e.getKey());
                json.append(':');
                HeaderJson.appendQuoted(json, e.getValue());
                separator = ",";
            }
            json.append('}');
        }
        long offset = 0;
        String separator = metadata.isEmpty() ? "" : ",";
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || e.getValue() == null) {
                throw new IllegalArgumentException("SafeTensors.write: tensor names and tensors must not be null: " + e);
            }
            if (name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("SafeTensors.write: \"" + METADATA_KEY + "\" is reserved and cannot name a tensor");
            }
            long size = 4L * e.getValue().numel();
            json.append(separator);
            HeaderJson.appendQuoted(json, name);
            json.append(":{\"dtype\":\"F32\",\"shape\":[");
            int[] shape = e.getValue().shape();
            for (int i = 0; i < shape.length; i++) {
                json.append(i == 0 ? "" : ",").append(shape[i]);
            }
            json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + size).append("]}");
            offset += size;
            separator = ",";
        }
        json.append('}');
        byte[] utf8 = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (utf8.length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        byte[] header = Arrays.copyOf(utf8, padded);
        Arrays.fill(header, utf8.length, padded, (byte) ' ');
        return header;
    }

    private static void writeFloats(FileChannel out, float[] data, ByteBuffer chunk) throws IOException {
        int perChunk = chunk.capacity() / Float.BYTES;
        for (int from = 0; from < data.length; from += perChunk) {
            int count = Math.min(perChunk, data.length - from);
            chunk.clear();
            chunk.asFloatBuffer().put(data, from, count);
            chunk.limit(count * Float.BYTES);
            writeFully(out, chunk);
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    /** Makes the rename itself durable where the platform allows fsync on a directory (Linux does). */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Windows cannot open directories; the file itself is already on disk.
        }
    }

    // ================================================================ read

    /** One header entry, validated on its own; the tiling of offsets is checked across all of them. */
    private record Entry(String name, StoredDType dtype, int[] shape, long begin, long end) {
        String offsets() {
            return "[" + begin + ", " + end + "]";
        }
    }

    /**
     * Reads every tensor of a safetensors file into memory, converting F16, BF16 and F64 to float.
     * Tensors come back in header order (see {@link Checkpoint}).
     *
     * @throws CheckpointFormatException if the file is not a well-formed safetensors file
     * @throws IOException               if it cannot be read at all
     */
    public static Checkpoint read(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = in.size();
            if (fileSize < PREFIX_BYTES) {
                throw bad(file, "truncated: the file has " + fileSize + " bytes, fewer than the 8-byte header-size prefix");
            }
            ByteBuffer prefix = ByteBuffer.allocate(PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            readFully(file, in, prefix, 0);
            long headerSize = prefix.flip().getLong();
            if (headerSize < 0 || headerSize > MAX_HEADER_BYTES) {
                throw bad(file, "header size " + Long.toUnsignedString(headerSize) + " bytes (the first 8 bytes) exceeds the "
                        + MAX_HEADER_BYTES + "-byte limit; is this a safetensors file?");
            }
            if (PREFIX_BYTES + headerSize > fileSize) {
                throw bad(file, "truncated: header says " + headerSize + " bytes of JSON at offset 8 but the file has "
                        + fileSize + " bytes");
            }
            byte[] header = new byte[(int) headerSize];
            readFully(file, in, ByteBuffer.wrap(header), PREFIX_BYTES);
            LinkedHashMap<String, Object> json;
            try {
                json = HeaderJson.parseObject(header, header.length);
            } catch (HeaderJson.SyntaxError e) {
                throw bad(file, "header is not valid JSON at byte " + e.offset + " of the header (file offset "
                        + (PREFIX_BYTES + e.offset) + "): " + e.expected);
            }

            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<String, Object> e : json.entrySet()) {
                if (e.getKey().equals(METADATA_KEY)) {
                    metadata = metadata(file, e.getValue());
                } else {
                    entries.add(entry(file, e.getKey(), e.getValue()));
                }
            }
            long dataStart = PREFIX_BYTES + headerSize;
            checkTiling(file, entries, fileSize - dataStart, headerSize);

            LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry entry : entries) {
                float[] data = new float[(int) HostTensor.elementCount(entry.shape())];
                readElements(file, in, entry, dataStart + entry.begin(), data, chunk);
                tensors.put(entry.name(), new HostTensor(entry.shape(), data));
            }
            return new Checkpoint(tensors, metadata);
        }
    }

    private static Map<String, String> metadata(Path file, Object value) throws CheckpointFormatException {
        if (!(value instanceof Map<?, ?> map)) {
            throw bad(file, "\"" + METADATA_KEY + "\" must be an object of strings, found " + kind(value));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw bad(file, "\"" + METADATA_KEY + "\" value for key \"" + e.getKey() + "\" must be a string, found "
                        + kind(e.getValue()));
            }
            metadata.put((String) e.getKey(), s);
        }
        return metadata;
    }

    /** Validates one tensor's header object on its own (types, dtype, shape, size of its byte range). */
    private static Entry entry(Path file, String name, Object value) throws CheckpointFormatException {
        String where = "tensor \"" + name + "\"";
        if (!(value instanceof Map<?, ?> fields)) {
            throw bad(file, where + " must be an object with dtype, shape and data_offsets, found " + kind(value));
        }
        for (Object key : fields.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw bad(file, where + " has unknown field \"" + key + "\" (expected dtype, shape, data_offsets)");
            }
        }
        Object dtypeValue = required(file, where, fields, "dtype");
        if (!(dtypeValue instanceof String dtypeName)) {
            throw bad(file, where + ": \"dtype\" must be a string, found " + kind(dtypeValue));
        }
        StoredDType dtype = StoredDType.byName(dtypeName);
        if (dtype == null) {
            throw bad(file, where + " has dtype \"" + dtypeName + "\", which is not supported (supported: "
                    + Arrays.toString(StoredDType.values()) + ")");
        }
        long[] dims = integers(file, where, "shape", required(file, where, fields, "shape"));
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw bad(file, where + " has negative dimension " + dims[i] + " in shape " + Arrays.toString(dims));
            }
            if (dims[i] > MAX_ELEMENTS) {
                throw bad(file, where + " has dimension " + dims[i] + " in shape " + Arrays.toString(dims)
                        + ", more than a Java array can hold");
            }
            shape[i] = (int) dims[i];
        }
        long count = HostTensor.elementCount(shape);
        if (count > MAX_ELEMENTS) {
            throw bad(file, where + " shape " + Arrays.toString(shape) + " has " + count
                    + " elements, more than a Java array can hold");
        }
        long[] offsets = integers(file, where, "data_offsets", required(file, where, fields, "data_offsets"));
        if (offsets.length != 2) {
            throw bad(file, where + ": \"data_offsets\" must be [begin, end], found " + offsets.length + " numbers");
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin < 0 || end < begin) {
            throw bad(file, where + " data_offsets [" + begin + ", " + end + "] are not ordered as 0 <= begin <= end");
        }
        long needed = count * dtype.bytes;
        if (end - begin != needed) {
            throw bad(file, where + " " + dtype + " shape " + Arrays.toString(shape) + " needs " + needed
                    + " bytes but data_offsets [" + begin + ", " + end + "] span " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static Object required(Path file, String where, Map<?, ?> fields, String key) throws CheckpointFormatException {
        Object v = fields.get(key);
        if (v == null) {
            throw bad(file, where + " is missing \"" + key + "\"");
        }
        return v;
    }

    private static long[] integers(Path file, String where, String key, Object value) throws CheckpointFormatException {
        if (value instanceof List<?> list) {
            long[] out = new long[list.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(list.get(i) instanceof Long n)) {
                    throw bad(file, where + ": \"" + key + "\" must hold integers, found " + kind(list.get(i)) + " at index " + i);
                }
                out[i] = n;
            }
            return out;
        }
        throw bad(file, where + ": \"" + key + "\" must be an array of integers, found " + kind(value));
    }

    /**
     * The byte ranges, sorted, must start at 0, follow each other without gaps or overlaps, and
     * end exactly at the end of the file. Empty tensors take no bytes and may sit at any boundary.
     */
    private static void checkTiling(Path file, List<Entry> entries, long dataBytes, long headerSize)
            throws CheckpointFormatException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin() < covered) {
                throw bad(file, "tensors \"" + previous.name() + "\" data_offsets " + previous.offsets() + " and \""
                        + e.name() + "\" data_offsets " + e.offsets() + " overlap");
            }
            if (e.begin() > covered) {
                throw bad(file, "data section has a hole: bytes [" + covered + ", " + e.begin() + ") "
                        + (previous == null ? "before" : "between \"" + previous.name() + "\" and")
                        + " \"" + e.name() + "\" belong to no tensor");
            }
            covered = e.end();
            if (previous == null || e.end() > previous.end()) {
                previous = e;
            }
        }
        if (covered > dataBytes) {
            throw bad(file, "truncated: tensor \"" + previous.name() + "\" data_offsets " + previous.offsets()
                    + " end at byte " + covered + " of the data section, but the file has only " + dataBytes
                    + " bytes after the " + headerSize + "-byte header");
        }
        if (covered < dataBytes) {
            throw bad(file, "data section has " + (dataBytes - covered) + " trailing bytes [" + covered + ", " + dataBytes
                    + ") that belong to no tensor");
        }
    }

    private static void readElements(Path file, FileChannel in, Entry entry, long position, float[] out, ByteBuffer chunk)
            throws IOException {
        int width = entry.dtype().bytes;
        int perChunk = chunk.capacity() / width;
        for (int from = 0; from < out.length; from += perChunk) {
            int count = Math.min(perChunk, out.length - from);
            chunk.clear().limit(count * width);
            readFully(file, in, chunk, position + (long) from * width);
            chunk.flip();
            if (entry.dtype() == StoredDType.F32) {
                chunk.asFloatBuffer().get(out, from, count); // the common case, without per-element calls
            } else {
                for (int i = 0; i < count; i++) {
                    out[from + i] = entry.dtype().decode(chunk);
                }
            }
        }
    }

    private static void readFully(Path file, FileChannel in, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = in.read(buffer, at);
            if (n < 0) {
                // Sizes were checked up front, so only a file shrinking under us lands here.
                throw bad(file, "truncated: unexpected end of file at offset " + at);
            }
            at += n;
        }
    }

    private static String kind(Object value) {
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String s) {
            return "the string \"" + s + "\"";
        }
        return "the integer " + value;
    }

    private static CheckpointFormatException bad(Path file, String problem) {
        return new CheckpointFormatException(file, problem);
    }
}
