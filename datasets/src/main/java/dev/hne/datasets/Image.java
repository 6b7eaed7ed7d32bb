/*
 * Image: one sample as floats, channel-major.
 *
 *   data is (C, H, W): data[c * H * W + y * W + x]
 *
 * Values are raw intensities in [0, 1] until a Normalize transform has run. This is the unit that
 * transforms pass along; it is not a tensor and has no device, dtype or strides.
 *
 * Ownership: a transform may overwrite an Image it is given and return it (saves a copy per stage),
 * so do not keep using an Image after handing it to a transform.
 */
package dev.hne.datasets;

public record Image(float[] data, int channels, int height, int width) {

    public Image {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("bad image shape (" + channels + ", " + height + ", " + width + ")");
        }
        if (data.length != channels * height * width) {
            throw new IllegalArgumentException("image data has " + data.length + " floats, shape ("
                    + channels + ", " + height + ", " + width + ") needs " + channels * height * width);
        }
    }

    /** A zero image of the given shape. */
    public static Image zeros(int channels, int height, int width) {
        return new Image(new float[channels * height * width], channels, height, width);
    }

    public SampleShape shape() {
        return SampleShape.of(channels, height, width);
    }

    public float get(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }

    public Image copy() {
        return new Image(data.clone(), channels, height, width);
    }
}
