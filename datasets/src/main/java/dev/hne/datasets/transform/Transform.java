/*
 * Transform: one step of per-sample preprocessing or augmentation (crop, flip, resize, normalise).
 *
 * A transform gets the sample's own seeded Random, drawn from (loader seed, epoch, sample index) by
 * the DataLoader, so the same sample gets the same augmentation whatever thread runs it and
 * whatever batch it lands in. A transform must use no other source of randomness and keep no
 * mutable state: several threads call apply() at once.
 *
 * apply() may overwrite the Image it is given and return it (see Image). Compose with then().
 * It is not a batch operation; batch-level augmentations (mixup, cutmix) are out of scope.
 */
package dev.hne.datasets.transform;

import dev.hne.datasets.Image;
import dev.hne.datasets.SampleShape;
import java.util.List;
import java.util.Random;

public interface Transform {

    /** Transforms one image (C, H, W); may reuse {@code image}'s array. */
    Image apply(Image image, Random random);

    /** The shape apply() returns for inputs of shape {@code input} (height/width 0 = varies). */
    SampleShape outputShape(SampleShape input);

    /** This transform, then {@code next}. */
    default Transform then(Transform next) {
        return new Compose(List.of(this, next));
    }

    /** Applies the transforms left to right. */
    static Transform compose(Transform... steps) {
        return new Compose(List.of(steps));
    }

    /** Returns images unchanged. */
    static Transform identity() {
        return new Compose(List.of());
    }
}
