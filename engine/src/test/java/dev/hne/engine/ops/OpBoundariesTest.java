package dev.hne.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.hne.engine.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The smallest and largest inputs an op's checks must let through: a slice from channel 0 and one
 * that ends at the last channel, rows of a rank-1 tensor. A check one off refuses them. (Issue 19:
 * the boundaries of these checks survived.) Expected values are read off the inputs by hand.
 */
class OpBoundariesTest {

    /** One sample, three channels of two pixels: channel c holds {10 c, 10 c + 1}. */
    private static Tensor threeChannels() {
        return Tensor.of(new float[] {0, 1, 10, 11, 20, 21}, 1, 3, 1, 2);
    }

    @Test
    void aSliceMayStartAtChannelZero() {
        assertArrayEquals(new float[] {0, 1}, Channels.slice(threeChannels(), 0, 1).toArray());
    }

    @Test
    void aSliceMayEndAtTheLastChannel() {
        assertArrayEquals(new float[] {10, 11, 20, 21}, Channels.slice(threeChannels(), 1, 2).toArray());
        assertArrayEquals(new float[] {0, 1, 10, 11, 20, 21}, Channels.slice(threeChannels(), 0, 3).toArray());
    }

    @Test
    void rowsOfARankOneTensorAreItsElements() {
        Tensor x = Tensor.of(new float[] {10, 20, 30}, 3);
        assertArrayEquals(new float[] {30, 10, 10}, Rows.gather(x, new int[] {2, 0, 0}).toArray());
    }
}
