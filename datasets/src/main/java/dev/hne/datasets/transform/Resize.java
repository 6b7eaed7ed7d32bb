/*
 * Resize: scale so the shorter side becomes `size`, keeping the aspect ratio (torchvision's
 * Resize(int)): the longer side becomes floor(size * long / short). Antialiased bilinear, see
 * Resampler. Uses no randomness. Output height/width vary with the input, so follow it with a crop.
 */
package dev.hne.datasets.transform;

import dev.hne.datasets.Image;
import dev.hne.datasets.SampleShape;
import java.util.Random;

public final class Resize implements Transform {

    private final int size;

    public Resize(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("Resize size must be > 0, got " + size);
        }
        this.size = size;
    }

    @Override
    public Image apply(Image image, Random random) {
        int h = image.height();
        int w = image.width();
        if (h <= w) {
            return Resampler.resize(image, size, (int) ((long) size * w / h));
        }
        return Resampler.resize(image, (int) ((long) size * h / w), size);
    }

    @Override
    public SampleShape outputShape(SampleShape input) {
        if (!input.isFixed()) {
            return input;
        }
        int h = input.height();
        int w = input.width();
        return h <= w ? SampleShape.of(input.channels(), size, (int) ((long) size * w / h))
                : SampleShape.of(input.channels(), (int) ((long) size * h / w), size);
    }

    @Override
    public String toString() {
        return "Resize(" + size + ")";
    }
}
