package dev.hne.engine.io;

import java.nio.ByteBuffer;

/**
 * The safetensors element types this reader can turn into float32, with their byte widths and
 * little-endian decoders. Writing always uses {@link #F32}.
 *
 * <p>Not the engine's compute dtype: it only names how numbers are laid out in a file. Integer,
 * bool and 8-bit float types exist in the format but are rejected, since nothing here stores them.
 */
enum StoredDType {
    F32(4),
    F16(2),
    BF16(2),
    F64(8);

    final int bytes;

    StoredDType(int bytes) {
        this.bytes = bytes;
    }

    /** The dtype spelled exactly {@code name} in a header (case matters, as in the format), or null. */
    static StoredDType byName(String name) {
        for (StoredDType d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** Reads one element at the buffer's position (the buffer is little-endian) as a float. */
    float decode(ByteBuffer in) {
        return switch (this) {
            case F32 -> in.getFloat();
            case F16 -> halfToFloat(in.getShort());
            // bfloat16 is the top half of a float32, so widening is a shift.
            case BF16 -> Float.intBitsToFloat((in.getShort() & 0xFFFF) << 16);
            // Narrowing rounds to nearest; out-of-range values become +-infinity, as in PyTorch.
            case F64 -> (float) in.getDouble();
        };
    }

    /**
     * IEEE 754 binary16 to float32 (exact: every half is a float). JDK 20 has
     * Float.float16ToFloat; this targets 17. Layout: 1 sign bit, 5 exponent bits (bias 15),
     * 10 mantissa bits.
     */
    static float halfToFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h >>> 15) << 31;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24, exactly representable as a normal float.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1F) {
            // Infinity, or NaN with its payload kept in the top mantissa bits.
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
}
