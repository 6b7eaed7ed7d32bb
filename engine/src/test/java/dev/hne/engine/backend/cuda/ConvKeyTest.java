package dev.hne.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.hne.engine.backend.ConvGeometry;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Algorithm-cache keys and descriptor values, without a GPU. */
class ConvKeyTest {

    @Test
    void equalShapesShareAKeyAndAnyDifferenceSeparatesThem() {
        ConvGeometry g = new ConvGeometry(8, 64, 16, 16, 64, 3, 3, 1, 1, 64);
        Map<ConvKey, String> cache = new HashMap<>();
        cache.put(new ConvKey(ConvKey.Pass.FORWARD, g, false), "algo 1");
        assertEquals("algo 1", cache.get(new ConvKey(ConvKey.Pass.FORWARD,
                new ConvGeometry(8, 64, 16, 16, 64, 3, 3, 1, 1, 64), false)));
        assertNotEquals(new ConvKey(ConvKey.Pass.FORWARD, g, false), new ConvKey(ConvKey.Pass.BACKWARD_DATA, g, false));
        assertNotEquals(new ConvKey(ConvKey.Pass.FORWARD, g, false), new ConvKey(ConvKey.Pass.FORWARD, g, true));
        assertNotEquals(new ConvKey(ConvKey.Pass.FORWARD, g, false), new ConvKey(ConvKey.Pass.FORWARD,
                new ConvGeometry(8, 64, 16, 16, 64, 3, 3, 2, 1, 64), false));
        assertNotEquals(new ConvKey(ConvKey.Pass.FORWARD, g, false), new ConvKey(ConvKey.Pass.FORWARD,
                new ConvGeometry(9, 64, 16, 16, 64, 3, 3, 1, 1, 64), false));
    }

    @Test
    void descriptorValuesFollowPytorchLayouts() {
        // grouped 3x3, stride 2: (5, 32, 9, 7) -> 16 channels in 2 groups; OH = (9+2-3)/2+1 = 5, OW = 4
        ConvDescriptorValues v = ConvDescriptorValues.of(new ConvGeometry(5, 32, 9, 7, 16, 3, 3, 2, 1, 2));
        assertArrayEquals(new int[] {5, 32, 9, 7}, v.x());
        assertArrayEquals(new int[] {16, 16, 3, 3}, v.filter());
        assertArrayEquals(new int[] {5, 16, 5, 4}, v.y());
        assertEquals(1, v.padH());
        assertEquals(2, v.strideW());
        assertEquals(2, v.groups());
        // depthwise: the filter has one input channel per group
        ConvDescriptorValues d = ConvDescriptorValues.of(new ConvGeometry(2, 48, 8, 8, 48, 3, 3, 1, 1, 48));
        assertArrayEquals(new int[] {48, 1, 3, 3}, d.filter());
        assertEquals(48, d.groups());
    }
}
