/*
 * TransformTest: properties of each transform. A crop after padding is always a window of the
 * padded image at an offset inside the padding; flip is an exact mirror and its own inverse;
 * resizing keeps constant images constant and matches hand-computed bilinear values; the same
 * Random seed gives the same output.
 */
package dev.hne.datasets.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.datasets.Image;
import dev.hne.datasets.Normalization;
import dev.hne.datasets.SampleShape;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransformTest {

    /** (C, H, W) image whose value encodes its position: 1 + c*10000 + y*100 + x (never 0). */
    private static Image coded(int c, int h, int w) {
        Image img = Image.zeros(c, h, w);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    img.data()[(ch * h + y) * w + x] = 1 + ch * 10000 + y * 100 + x;
                }
            }
        }
        return img;
    }

    @Test
    void randomCropIsAWindowOfThePaddedImage() {
        RandomCrop crop = new RandomCrop(32, 4);
        Set<Integer> offsets = new HashSet<>();
        for (int seed = 0; seed < 400; seed++) {
            Image out = crop.apply(coded(3, 32, 32), new Random(seed));
            assertEquals(new SampleShape(3, 32, 32), out.shape());
            // Find the offset from any non-padding pixel, then check every pixel against it.
            int dy = Integer.MIN_VALUE;
            int dx = 0;
            for (int y = 0; y < 32 && dy == Integer.MIN_VALUE; y++) {
                for (int x = 0; x < 32; x++) {
                    float v = out.get(0, y, x);
                    if (v != 0) {
                        int code = (int) v - 1;
                        dy = code / 100 - y;
                        dx = code % 100 - x;
                        break;
                    }
                }
            }
            assertTrue(dy >= -4 && dy <= 4 && dx >= -4 && dx <= 4, "offset (" + dy + ", " + dx + ") outside padding");
            offsets.add((dy + 4) * 9 + dx + 4);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        int sy = y + dy;
                        int sx = x + dx;
                        float expected = sy < 0 || sy >= 32 || sx < 0 || sx >= 32 ? 0 : 1 + c * 10000 + sy * 100 + sx;
                        assertEquals(expected, out.get(c, y, x));
                    }
                }
            }
        }
        assertEquals(81, offsets.size(), "all 9 x 9 offsets should occur in 400 draws");
    }

    @Test
    void flipIsAMirrorAndItsOwnInverse() {
        Image img = coded(2, 5, 7);
        Image flipped = img.copy();
        HorizontalFlip.mirror(flipped);
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 7; x++) {
                    assertEquals(img.get(c, y, 6 - x), flipped.get(c, y, x));
                }
            }
        }
        HorizontalFlip.mirror(flipped);
        assertArrayEquals(img.data(), flipped.data());
        // p = 0.5 flips about half the time; p = 1 always, p = 0 never. (Seeds are spread out
        // because java.util.Random's first draw is nearly the same for seeds 0, 1, 2, ...; the
        // DataLoader mixes its seeds for the same reason.)
        int flips = 0;
        for (int seed = 0; seed < 1000; seed++) {
            Image out = new HorizontalFlip(0.5).apply(coded(1, 2, 3), new Random(seed * 0x9E3779B97F4A7C15L));
            flips += out.get(0, 0, 0) == 3 ? 1 : 0;
        }
        assertTrue(flips > 400 && flips < 600, "flips " + flips);
        assertEquals(3f, new HorizontalFlip(1).apply(coded(1, 2, 3), new Random(1)).get(0, 0, 0));
        assertEquals(1f, new HorizontalFlip(0).apply(coded(1, 2, 3), new Random(1)).get(0, 0, 0));
    }

    @Test
    void sameRandomSeedSameAugmentation() {
        Transform t = StandardTransforms.cifarTrain(Normalization.CIFAR10);
        Image a = t.apply(coded(3, 32, 32), new Random(7));
        Image b = t.apply(coded(3, 32, 32), new Random(7));
        assertArrayEquals(a.data(), b.data());
        boolean anyDifferent = false;
        for (int s = 8; s < 20 && !anyDifferent; s++) {
            anyDifferent = !java.util.Arrays.equals(a.data(), t.apply(coded(3, 32, 32), new Random(s)).data());
        }
        assertTrue(anyDifferent);
    }

    @Test
    void normalizeUsesPerChannelMeanAndStd() {
        Image img = Image.zeros(3, 1, 2);
        java.util.Arrays.fill(img.data(), 0.5f);
        Normalization n = new Normalization(new float[] {0.5f, 0.25f, 0f}, new float[] {1f, 0.5f, 0.25f});
        Image out = new Normalize(n).apply(img, new Random(0));
        assertArrayEquals(new float[] {0, 0, 0.5f, 0.5f, 2, 2}, out.data(), 1e-6f);
    }

    @Test
    void resizeKeepsConstantsAndInterpolatesBilinearly() {
        Image flat = Image.zeros(1, 37, 53);
        java.util.Arrays.fill(flat.data(), 0.3f);
        Image small = Resampler.resize(flat, 11, 17);
        for (float v : small.data()) {
            assertEquals(0.3f, v, 1e-5f);
        }
        // Upscaling 1 x 2 -> 1 x 4: output centres at 0.25, 0.75, 1.25, 1.75 in input pixels;
        // clamped at the ends, so [a, 0.75a + 0.25b, 0.25a + 0.75b, b].
        Image two = new Image(new float[] {0f, 1f}, 1, 1, 2);
        Image four = Resampler.resize(two, 1, 4);
        assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, four.data(), 1e-6f);
        // Downscaling 4 -> 2 averages with a triangle filter of width 2 pixels:
        // output 0 centre 1.0: inputs at 0.5 and 1.5 with weight 0.75 each, 2.5 with 0.25 -> normalised.
        Image ramp = new Image(new float[] {0f, 1f, 2f, 3f}, 1, 1, 4);
        Image half = Resampler.resize(ramp, 1, 2);
        assertEquals((0.75f * 0 + 0.75f * 1 + 0.25f * 2) / 1.75f, half.data()[0], 1e-6f);
    }

    @Test
    void resizeShorterSideAndCenterCrop() {
        Resize r = new Resize(256);
        assertEquals(new SampleShape(3, 256, 341), r.outputShape(new SampleShape(3, 300, 400)));
        Image img = r.apply(coded(3, 300, 400), new Random(0));
        assertEquals(256, img.height());
        assertEquals(341, img.width());
        Image c = new CenterCrop(4).apply(coded(1, 8, 10), new Random(0));
        assertEquals(1 + 2 * 100 + 3, c.get(0, 0, 0)); // top = (8-4)/2, left = (10-4)/2
        // Smaller than the crop: zero filled around.
        Image padded = new CenterCrop(4).apply(coded(1, 2, 2), new Random(0));
        assertEquals(0f, padded.get(0, 0, 0));
        assertEquals(1f, padded.get(0, 1, 1));
    }

    @Test
    void randomResizedCropHasFixedSizeAndVaries() {
        RandomResizedCrop t = new RandomResizedCrop(16);
        Image a = t.apply(coded(3, 40, 60), new Random(1));
        Image b = t.apply(coded(3, 40, 60), new Random(2));
        assertEquals(new SampleShape(3, 16, 16), a.shape());
        assertNotEquals(a.get(0, 0, 0), b.get(0, 0, 0));
        // Every output value comes from inside the image: codes stay within the source range.
        for (float v : a.data()) {
            assertTrue(v >= 1 && v <= 1 + 2 * 10000 + 39 * 100 + 59);
        }
        // Degenerate inputs use the fallback centre crop and still give the size.
        assertEquals(16, t.apply(coded(1, 1, 300), new Random(3)).width());
    }

    @Test
    void composeChainsShapesAndFlattens() {
        Transform t = new RandomCrop(24, 0).then(new HorizontalFlip(0.5)).then(new Normalize(Normalization.CIFAR10));
        assertEquals(new SampleShape(3, 24, 24), t.outputShape(new SampleShape(3, 32, 32)));
        assertEquals(3, ((Compose) t).steps().size());
        assertEquals("RandomCrop(24, padding=0) -> HorizontalFlip(0.5) -> Normalize(mean=[0.4914, 0.4822, 0.4465],"
                + " std=[0.247, 0.2435, 0.2616])", t.toString());
    }
}
