/*
 * RandomResizedCrop: the ImageNet training crop (Inception-style), then resize to size x size.
 *
 * As torchvision's RandomResizedCrop: up to 10 tries to pick a window with area in
 * [scaleMin, scaleMax] of the image and aspect ratio log-uniform in [3/4, 4/3] that fits; if none
 * fits, the whole image clamped to that ratio range, centred. Then antialiased bilinear resize.
 *
 * Randomness: 4 draws per try (area, log-ratio, top, left; the last two only when it fits).
 */
package dev.hne.datasets.transform;

import dev.hne.datasets.Image;
import dev.hne.datasets.SampleShape;
import java.util.Random;

public final class RandomResizedCrop implements Transform {

    private static final double RATIO_MIN = 3.0 / 4.0;
    private static final double RATIO_MAX = 4.0 / 3.0;

    private final int size;
    private final double scaleMin;
    private final double scaleMax;

    public RandomResizedCrop(int size) {
        this(size, 0.08, 1.0);
    }

    public RandomResizedCrop(int size, double scaleMin, double scaleMax) {
        if (size <= 0 || !(scaleMin > 0) || scaleMin > scaleMax || scaleMax > 1) {
            throw new IllegalArgumentException("RandomResizedCrop needs size > 0 and 0 < scaleMin <= scaleMax <= 1");
        }
        this.size = size;
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
    }

    @Override
    public Image apply(Image image, Random random) {
        int h = image.height();
        int w = image.width();
        double area = (double) h * w;
        double logMin = Math.log(RATIO_MIN);
        double logMax = Math.log(RATIO_MAX);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (scaleMin + (scaleMax - scaleMin) * random.nextDouble());
            double ratio = Math.exp(logMin + (logMax - logMin) * random.nextDouble());
            int cw = (int) Math.round(Math.sqrt(target * ratio));
            int ch = (int) Math.round(Math.sqrt(target / ratio));
            if (cw > 0 && ch > 0 && cw <= w && ch <= h) {
                int top = random.nextInt(h - ch + 1);
                int left = random.nextInt(w - cw + 1);
                return Resampler.resize(Crop.window(image, top, left, ch, cw), size, size);
            }
        }
        // Fallback: centre crop at the nearest allowed aspect ratio.
        double inRatio = (double) w / h;
        int cw = w;
        int ch = h;
        if (inRatio < RATIO_MIN) {
            ch = (int) Math.round(w / RATIO_MIN);
        } else if (inRatio > RATIO_MAX) {
            cw = (int) Math.round(h * RATIO_MAX);
        }
        Image crop = Crop.window(image, (h - ch) / 2, (w - cw) / 2, ch, cw);
        return Resampler.resize(crop, size, size);
    }

    @Override
    public SampleShape outputShape(SampleShape input) {
        return SampleShape.of(input.channels(), size, size);
    }

    @Override
    public String toString() {
        return "RandomResizedCrop(" + size + ", scale=[" + scaleMin + ", " + scaleMax + "])";
    }
}
