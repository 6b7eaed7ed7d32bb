/*
 * Normalize: (x - mean[c]) / std[c] per channel, in place. Usually the last step of a pipeline.
 * Uses no randomness.
 */
package dev.hne.datasets.transform;

import dev.hne.datasets.Image;
import dev.hne.datasets.Normalization;
import dev.hne.datasets.SampleShape;
import java.util.Random;

public final class Normalize implements Transform {

    private final Normalization normalization;

    public Normalize(Normalization normalization) {
        this.normalization = normalization;
    }

    @Override
    public Image apply(Image image, Random random) {
        normalization.applyInPlace(image.data(), 0, image.channels(), image.height() * image.width());
        return image;
    }

    @Override
    public SampleShape outputShape(SampleShape input) {
        if (input.channels() != normalization.channels()) {
            throw new IllegalArgumentException("Normalize has " + normalization.channels()
                    + " channels, samples have shape " + input);
        }
        return input;
    }

    @Override
    public String toString() {
        return "Normalize" + normalization.toString().substring("Normalization".length());
    }
}
