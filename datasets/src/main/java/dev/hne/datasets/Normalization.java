/*
 * Normalization: per-channel mean and standard deviation, the constants of each dataset.
 *
 * Applied as (x - mean[c]) / std[c] on raw [0, 1] values, by the Normalize transform. The values are
 * the usual published ones (computed over each training set); the synthetic set's are measured by
 * SyntheticDatasetTest at the default seed and fixed here.
 */
package dev.hne.datasets;

import java.util.Arrays;

public record Normalization(float[] mean, float[] std) {

    public static final Normalization CIFAR10 = new Normalization(
            new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});
    public static final Normalization CIFAR100 = new Normalization(
            new float[] {0.5071f, 0.4865f, 0.4409f}, new float[] {0.2673f, 0.2564f, 0.2762f});
    public static final Normalization FASHION_MNIST = new Normalization(
            new float[] {0.2860f}, new float[] {0.3530f});
    public static final Normalization MNIST = new Normalization(
            new float[] {0.1307f}, new float[] {0.3081f});
    public static final Normalization IMAGENET = new Normalization(
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    /** Leaves values as they are. */
    public static final Normalization IDENTITY_RGB = new Normalization(
            new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f});

    public Normalization {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and std need the same, non-zero length");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be > 0: " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    public int channels() {
        return mean.length;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /**
     * (x - mean[c]) / std[c] over {@code channels} planes of {@code plane} floats starting at
     * {@code offset}: data is (C, H*W) there.
     */
    public void applyInPlace(float[] data, int offset, int channels, int plane) {
        if (channels != mean.length) {
            throw new IllegalArgumentException("normalization has " + mean.length + " channels, image has " + channels);
        }
        for (int c = 0; c < channels; c++) {
            float m = mean[c];
            float inv = 1f / std[c]; // multiply, not divide, in the inner loop
            int base = offset + c * plane;
            for (int k = 0; k < plane; k++) {
                data[base + k] = (data[base + k] - m) * inv;
            }
        }
    }

    @Override
    public String toString() {
        return "Normalization(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
    }
}
