/*
 * RandomCrop: zero-pad by `padding` pixels on every side, then cut a random size x size window.
 *
 * The CIFAR paper augmentation is RandomCrop(32, 4) then HorizontalFlip(0.5): the window's top-left
 * corner is uniform over the 9 x 9 positions of a 40 x 40 padded image. Padding is zero in raw
 * [0, 1] space (black), as torchvision's RandomCrop(32, padding=4) on a PIL image does; put
 * Normalize after it.
 *
 * Randomness: two draws per sample, row offset then column offset.
 */
package dev.hne.datasets.transform;

import dev.hne.datasets.Image;
import dev.hne.datasets.SampleShape;
import java.util.Random;

public final class RandomCrop implements Transform {

    private final int size;
    private final int padding;

    public RandomCrop(int size, int padding) {
        if (size <= 0 || padding < 0) {
            throw new IllegalArgumentException("RandomCrop needs size > 0 and padding >= 0, got " + size + ", " + padding);
        }
        this.size = size;
        this.padding = padding;
    }

    @Override
    public Image apply(Image image, Random random) {
        int rangeY = image.height() + 2 * padding - size; // offsets 0..rangeY in the padded image
        int rangeX = image.width() + 2 * padding - size;
        if (rangeY < 0 || rangeX < 0) {
            throw new IllegalArgumentException("RandomCrop(" + size + ", padding " + padding + ") does not fit image "
                    + image.shape());
        }
        int top = random.nextInt(rangeY + 1) - padding;
        int left = random.nextInt(rangeX + 1) - padding;
        return Crop.window(image, top, left, size, size);
    }

    @Override
    public SampleShape outputShape(SampleShape input) {
        return SampleShape.of(input.channels(), size, size);
    }

    @Override
    public String toString() {
        return "RandomCrop(" + size + ", padding=" + padding + ")";
    }
}
