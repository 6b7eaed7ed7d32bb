/*
 * SyntheticDatasetTest: the built-in set is deterministic per (seed, split, index), balanced,
 * different across seeds and splits, in range, and its fixed normalisation constants are close to
 * the measured statistics. Prints the generation time (reported, not asserted).
 */
package dev.hne.datasets.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hne.datasets.ByteImageDataset;
import dev.hne.datasets.Image;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticDatasetTest {

    @Test
    void sampleDependsOnlyOnSeedSplitAndIndex() {
        ByteImageDataset small = SyntheticDataset.create(5, true, 30);
        ByteImageDataset large = SyntheticDataset.create(5, true, 300);
        for (int i = 0; i < 30; i++) {
            assertArrayEquals(small.image(i).data(), large.image(i).data(), 0f, "sample " + i);
            assertEquals(small.label(i), large.label(i));
        }
        byte[] direct = new byte[SyntheticImages.PIXELS];
        SyntheticImages.draw(5, 0, 17, direct, 0);
        assertEquals(direct[100] & 0xFF, small.rawPixel(17, 0, 3, 4));
    }

    /**
     * Pins the generator's output: the demo and the tests' expectations depend on these exact
     * images. If you change the generator on purpose, update the checksum (and re-measure the
     * normalisation constants); if it changed by accident, e.g. on another JVM, that is a bug.
     */
    @Test
    void firstImagesMatchTheirChecksum() {
        byte[] out = new byte[20 * SyntheticImages.PIXELS];
        for (int i = 0; i < 20; i++) {
            SyntheticImages.draw(0, 0, i, out, i * SyntheticImages.PIXELS);
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(out);
        assertEquals("7dd24890", String.format("%08x", crc.getValue()));
    }

    @Test
    void seedsAndSplitsDiffer() {
        Image a = SyntheticDataset.create(1, true, 10).image(3);
        Image b = SyntheticDataset.create(2, true, 10).image(3);
        Image c = SyntheticDataset.create(1, false, 10).image(3);
        assertFalse(Arrays.equals(a.data(), b.data()));
        assertFalse(Arrays.equals(a.data(), c.data()));
    }

    @Test
    void balancedInRangeAndNormalisationMatches() {
        long t0 = System.nanoTime();
        ByteImageDataset d = SyntheticDataset.create(0, true, SyntheticDataset.DEFAULT_TRAIN_SIZE);
        System.out.printf("synthetic: generated %d images in %.0f ms%n", d.size(), (System.nanoTime() - t0) / 1e6);
        assertEquals(10, d.numClasses());
        int[] counts = new int[10];
        double[] sum = new double[3];
        double[] sq = new double[3];
        for (int i = 0; i < d.size(); i++) {
            counts[d.label(i)]++;
            float[] x = d.image(i).data();
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < 1024; k++) {
                    double v = x[c * 1024 + k];
                    sum[c] += v;
                    sq[c] += v * v;
                }
            }
        }
        for (int c : counts) {
            assertEquals(1000, c);
        }
        float[] mean = SyntheticDataset.NORMALIZATION.mean();
        float[] std = SyntheticDataset.NORMALIZATION.std();
        for (int c = 0; c < 3; c++) {
            double n = d.size() * 1024.0;
            double m = sum[c] / n;
            double s = Math.sqrt(sq[c] / n - m * m);
            assertEquals(mean[c], m, 0.01, "channel " + c + " mean");
            assertEquals(std[c], s, 0.01, "channel " + c + " std");
        }
    }

    @Test
    void inverseNormalIsAccurate() {
        assertEquals(0.0, SyntheticImages.inverseNormal(0.5), 1e-9);
        assertEquals(1.959964, SyntheticImages.inverseNormal(0.975), 1e-5);
        assertEquals(-2.326348, SyntheticImages.inverseNormal(0.01), 1e-5);
    }
}
