package dev.hne.export;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A protocol-buffers message being written: just the wire format the ONNX export needs (varints,
 * length-delimited strings, bytes and nested messages). Field numbers come from the caller
 * ({@link OnnxSchema}); nothing here knows ONNX.
 *
 * <p>Wire format, from the protobuf encoding guide: every field is a key {@code (number << 3) | wire
 * type} as a varint, then its value: wire type 0 = varint (ints, enums), 2 = length-delimited (a
 * varint byte count, then the bytes: strings, bytes, packed arrays and nested messages). Why a
 * hand-written encoder rather than protobuf-java: see docs/export.md.
 */
final class ProtoWriter {

    private static final int VARINT = 0, LENGTH_DELIMITED = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** An int32/int64/enum field (negative values take 10 bytes, as in protobuf's int64 encoding). */
    ProtoWriter varint(int field, long value) {
        key(field, VARINT);
        rawVarint(value);
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter bytes(int field, byte[] value) {
        key(field, LENGTH_DELIMITED);
        rawVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    /** A nested message field. */
    ProtoWriter message(int field, ProtoWriter nested) {
        return bytes(field, nested.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    /** Floats as little-endian bytes: TensorProto.raw_data's layout. */
    static byte[] littleEndian(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    /** Longs as little-endian bytes. */
    static byte[] littleEndian(long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return b.array();
    }

    private void key(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
