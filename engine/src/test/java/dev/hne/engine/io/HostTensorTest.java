package dev.hne.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Shape validation and value equality of {@link HostTensor}. */
class HostTensorTest {

    @Test
    void shapeMustMatchData() {
        assertEquals(6, new HostTensor(new int[] {2, 3}, new float[6]).numel());
        assertEquals(1, HostTensor.scalar(2f).numel());
        assertEquals(0, new HostTensor(new int[] {4, 0}, new float[0]).numel());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HostTensor(new int[] {2, 3}, new float[5]));
        assertTrue(e.getMessage().contains("shape [2, 3] needs 6 elements but data has 5"), e.getMessage());
        // A scalar has shape [] and exactly one element.
        assertThrows(IllegalArgumentException.class, () -> new HostTensor(new int[0], new float[0]));
        assertThrows(IllegalArgumentException.class, () -> new HostTensor(new int[] {-1}, new float[0]));
        // A huge shape with a zero in it is empty, not an overflow.
        assertEquals(0, new HostTensor(new int[] {1 << 30, 1 << 30, 0}, new float[0]).numel());
        assertThrows(IllegalArgumentException.class, () -> new HostTensor(new int[] {1 << 30, 1 << 30, 1 << 30}, new float[1]));
    }

    @Test
    void equalityIsByContent() {
        HostTensor a = new HostTensor(new int[] {2}, new float[] {1f, Float.NaN});
        HostTensor b = new HostTensor(new int[] {2}, new float[] {1f, Float.NaN});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new HostTensor(new int[] {2, 1}, new float[] {1f, Float.NaN}));
    }
}
