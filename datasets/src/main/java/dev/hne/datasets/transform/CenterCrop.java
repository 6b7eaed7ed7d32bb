/*
 * CenterCrop: the central size x size window (zero-filled where the image is smaller), as
 * torchvision's CenterCrop rounds it. ImageNet eval is Resize(256) then CenterCrop(224).
 */
package dev.hne.datasets.transform;

import dev.hne.datasets.Image;
import dev.hne.datasets.SampleShape;
import java.util.Random;

public final class CenterCrop implements Transform {

    private final int size;

    public CenterCrop(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("CenterCrop size must be > 0, got " + size);
        }
        this.size = size;
    }

    @Override
    public Image apply(Image image, Random random) {
        int top = (int) Math.round((image.height() - size) / 2.0);
        int left = (int) Math.round((image.width() - size) / 2.0);
        return Crop.window(image, top, left, size, size);
    }

    @Override
    public SampleShape outputShape(SampleShape input) {
        return SampleShape.of(input.channels(), size, size);
    }

    @Override
    public String toString() {
        return "CenterCrop(" + size + ")";
    }
}
