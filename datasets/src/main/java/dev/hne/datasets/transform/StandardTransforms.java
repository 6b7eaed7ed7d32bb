/*
 * StandardTransforms: the default pipelines the registry hands out.
 *
 *   cifarTrain     RandomCrop(32, padding 4) -> HorizontalFlip(0.5) -> Normalize   (the paper's CIFAR augmentation)
 *   normalizeOnly  Normalize                                                        (CIFAR/MNIST/synthetic eval, MNIST train)
 *   imagenetTrain  RandomResizedCrop(s) -> HorizontalFlip(0.5) -> Normalize
 *   imagenetEval   Resize(s * 256 / 224) -> CenterCrop(s) -> Normalize              (256/224 for s = 224)
 */
package dev.hne.datasets.transform;

import dev.hne.datasets.Normalization;

public final class StandardTransforms {

    private StandardTransforms() {
    }

    public static Transform cifarTrain(Normalization n) {
        return padCropFlip(32, 4, n);
    }

    /** Random size x size crop after zero padding, a coin-flip mirror, then normalisation. */
    public static Transform padCropFlip(int size, int padding, Normalization n) {
        return Transform.compose(new RandomCrop(size, padding), new HorizontalFlip(0.5), new Normalize(n));
    }

    public static Transform normalizeOnly(Normalization n) {
        return Transform.compose(new Normalize(n));
    }

    public static Transform imagenetTrain(int size, Normalization n) {
        return Transform.compose(new RandomResizedCrop(size), new HorizontalFlip(0.5), new Normalize(n));
    }

    public static Transform imagenetEval(int size, Normalization n) {
        return Transform.compose(new Resize(Math.round(size * 256f / 224f)), new CenterCrop(size), new Normalize(n));
    }
}
