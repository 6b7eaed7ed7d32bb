package dev.hne.anytime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LeafOrderTest {

    @Test
    void naturalIsLeftToRight() {
        assertArrayEquals(new int[] {0, 1, 2}, LeafOrder.NATURAL.first(3, 8));
    }

    @Test
    void diverseFirstIsBitReversed() {
        assertArrayEquals(new int[] {0, 4, 2, 6, 1, 5, 3, 7}, LeafOrder.DIVERSE_FIRST.all(8));
        assertArrayEquals(new int[] {0, 8, 4, 12, 2}, LeafOrder.DIVERSE_FIRST.first(5, 16));
        assertArrayEquals(new int[] {0}, LeafOrder.DIVERSE_FIRST.all(1));
    }

    @Test
    void rejectsBadN() {
        assertThrows(IllegalArgumentException.class, () -> LeafOrder.NATURAL.first(0, 8));
        assertThrows(IllegalArgumentException.class, () -> LeafOrder.NATURAL.first(9, 8));
        assertThrows(IllegalArgumentException.class, () -> LeafOrder.NATURAL.first(2, 6));
    }

    @Test
    void parsesItsCliNamesAndNamesTheChoicesOtherwise() {
        for (LeafOrder o : LeafOrder.values()) assertSame(o, LeafOrder.parse(o.cliName()));
        assertEquals("natural", LeafOrder.NATURAL.cliName());
        assertEquals("diverse", LeafOrder.DIVERSE_FIRST.cliName());
        assertSame(LeafOrder.DIVERSE_FIRST, LeafOrder.parse("diverse-first"));
        var e = assertThrows(IllegalArgumentException.class, () -> LeafOrder.parse("random"));
        assertTrue(e.getMessage().contains("'random'") && e.getMessage().contains("natural or diverse"), e.getMessage());
    }
}
