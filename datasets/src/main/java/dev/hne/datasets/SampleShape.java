/*
 * SampleShape: the (C, H, W) of one sample.
 *
 * A height or width of 0 means "varies from image to image" (image folders before a transform has
 * cropped them to a fixed size). It is not a batch shape: a Batch adds the leading B.
 */
package dev.hne.datasets;

public record SampleShape(int channels, int height, int width) {

    public SampleShape {
        if (channels <= 0 || height < 0 || width < 0) {
            throw new IllegalArgumentException("bad sample shape (" + channels + ", " + height + ", " + width + ")");
        }
    }

    /** Images of one size, e.g. every CIFAR sample is (3, 32, 32). */
    public static SampleShape of(int channels, int height, int width) {
        if (height == 0 || width == 0) {
            throw new IllegalArgumentException("fixed shape needs height and width > 0");
        }
        return new SampleShape(channels, height, width);
    }

    /** Images whose size varies (folders): only the channel count is known. */
    public static SampleShape variable(int channels) {
        return new SampleShape(channels, 0, 0);
    }

    public boolean isFixed() {
        return height > 0 && width > 0;
    }

    /** C * H * W: floats per sample. */
    public int numel() {
        if (!isFixed()) {
            throw new IllegalStateException("sample size varies " + this + "; crop or resize to a fixed size first");
        }
        return channels * height * width;
    }

    @Override
    public String toString() {
        return "(" + channels + ", " + (height == 0 ? "H" : height) + ", " + (width == 0 ? "W" : width) + ")";
    }
}
