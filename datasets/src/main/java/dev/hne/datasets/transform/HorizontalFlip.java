/*
 * HorizontalFlip: mirror the image left-right with probability p, in place.
 *
 * Randomness: always one draw per sample (even when p is 0 or 1), so the transforms after it see
 * the same random stream whatever p is.
 */
package dev.hne.datasets.transform;

import dev.hne.datasets.Image;
import dev.hne.datasets.SampleShape;
import java.util.Random;

public final class HorizontalFlip implements Transform {

    private final double probability;

    public HorizontalFlip(double probability) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + probability);
        }
        this.probability = probability;
    }

    @Override
    public Image apply(Image image, Random random) {
        if (random.nextDouble() < probability) {
            mirror(image);
        }
        return image;
    }

    /** Reverses every row of every channel in place. */
    public static void mirror(Image image) {
        float[] d = image.data();
        int w = image.width();
        int rows = image.channels() * image.height();
        for (int r = 0; r < rows; r++) {
            int a = r * w;
            int b = a + w - 1;
            while (a < b) {
                float t = d[a];
                d[a++] = d[b];
                d[b--] = t;
            }
        }
    }

    @Override
    public SampleShape outputShape(SampleShape input) {
        return input;
    }

    @Override
    public String toString() {
        return "HorizontalFlip(" + probability + ")";
    }
}
