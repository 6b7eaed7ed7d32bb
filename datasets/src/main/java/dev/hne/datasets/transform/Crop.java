/*
 * Crop: cut a window out of an image, filling with zeros where the window leaves the image.
 *
 * The shared helper behind RandomCrop (zero padding = a window that starts above/left of the
 * image), CenterCrop and RandomResizedCrop. Row copies with System.arraycopy keep it fast.
 * Not a Transform itself: it has no randomness or policy, only geometry.
 */
package dev.hne.datasets.transform;

import dev.hne.datasets.Image;

final class Crop {

    private Crop() {
    }

    /**
     * The window with top-left corner (top, left) and size (h, w) of {@code src} (C, H, W);
     * top/left may be negative and the window may extend past the image: those pixels are 0.
     * Returns a new (C, h, w) image.
     */
    static Image window(Image src, int top, int left, int h, int w) {
        int c = src.channels();
        int srcH = src.height();
        int srcW = src.width();
        float[] in = src.data();
        float[] out = new float[c * h * w]; // zeros = the padding
        // Columns of the window that fall inside the source.
        int x0 = Math.max(0, -left);
        int x1 = Math.min(w, srcW - left);
        if (x1 <= x0) {
            return new Image(out, c, h, w);
        }
        int run = x1 - x0;
        for (int ch = 0; ch < c; ch++) {
            int inPlane = ch * srcH * srcW;
            int outPlane = ch * h * w;
            for (int y = 0; y < h; y++) {
                int sy = top + y;
                if (sy < 0 || sy >= srcH) {
                    continue;
                }
                System.arraycopy(in, inPlane + sy * srcW + left + x0, out, outPlane + y * w + x0, run);
            }
        }
        return new Image(out, c, h, w);
    }
}
