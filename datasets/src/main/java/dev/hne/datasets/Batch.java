/*
 * Batch: B samples stacked for the engine.
 *
 *   images  is (B, C, H, W), row-major float32, already transformed (and usually normalised)
 *   labels  is (B)
 *   indices is (B): which dataset samples these are (for debugging and coverage tests)
 *
 * A record of arrays: equals/hashCode compare array identity, not contents. The loader hands each
 * Batch over once and never touches its arrays again, so the consumer may keep or overwrite them.
 */
package dev.hne.datasets;

public record Batch(float[] images, int[] labels, int[] indices, SampleShape sampleShape) {

    public Batch {
        int b = labels.length;
        if (indices.length != b) {
            throw new IllegalArgumentException("labels (" + b + ") and indices (" + indices.length + ") differ in length");
        }
        if (images.length != b * sampleShape.numel()) {
            throw new IllegalArgumentException("images has " + images.length + " floats, expected "
                    + b + " x " + sampleShape + " = " + b * sampleShape.numel());
        }
    }

    /** B: samples in this batch (the last one may be smaller, see DataLoader.LastBatch). */
    public int size() {
        return labels.length;
    }

    /** {B, C, H, W}, ready for a tensor constructor. */
    public int[] shape() {
        return new int[] {size(), sampleShape.channels(), sampleShape.height(), sampleShape.width()};
    }
}
