/*
 * DataLoaderTest: every sample exactly once per epoch (KEEP), full batches only (DROP), same seed
 * => same order and same augmented pixels with any number of workers, different seed or epoch =>
 * different order, worker errors reach the caller unchanged.
 */
package dev.hne.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.datasets.synthetic.SyntheticDataset;
import dev.hne.datasets.transform.StandardTransforms;
import dev.hne.datasets.transform.Transform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderTest {

    private static final Dataset DATA = SyntheticDataset.create(3, true, 103); // 103: not a multiple of the batch
    private static final Transform AUG = StandardTransforms.cifarTrain(SyntheticDataset.NORMALIZATION);

    private static List<Batch> run(LoaderOptions o, int epoch) {
        List<Batch> out = new ArrayList<>();
        try (DataLoader loader = new DataLoader(DATA, AUG, o); DataLoader.Epoch e = loader.epoch(epoch)) {
            for (Batch b : e) {
                out.add(b);
            }
        }
        return out;
    }

    private static int[] visited(List<Batch> batches) {
        return batches.stream().flatMapToInt(b -> Arrays.stream(b.indices())).toArray();
    }

    @Test
    void keepVisitsEverySampleExactlyOnce() {
        for (int workers : new int[] {0, 1, 3}) {
            List<Batch> batches = run(LoaderOptions.of(10).withSeed(1).withWorkers(workers), 0);
            assertEquals(11, batches.size());
            assertEquals(3, batches.get(10).size()); // the smaller last batch
            int[] seen = visited(batches);
            int[] sorted = seen.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < DATA.size(); i++) {
                assertEquals(i, sorted[i], "workers " + workers);
            }
            for (Batch b : batches) {
                for (int k = 0; k < b.size(); k++) {
                    assertEquals(DATA.label(b.indices()[k]), b.labels()[k]);
                }
                assertArrayEquals(new int[] {b.size(), 3, 32, 32}, b.shape());
            }
        }
    }

    @Test
    void dropYieldsOnlyFullBatches() {
        LoaderOptions o = LoaderOptions.of(10).withLastBatch(LoaderOptions.LastBatch.DROP);
        List<Batch> batches = run(o, 0);
        assertEquals(10, batches.size());
        assertTrue(batches.stream().allMatch(b -> b.size() == 10));
        assertEquals(100, Arrays.stream(visited(batches)).distinct().count());
        try (DataLoader loader = new DataLoader(DATA, AUG, o)) {
            assertEquals(10, loader.batchesPerEpoch());
        }
    }

    @Test
    void sameSeedSameBatchesWhateverTheWorkers() {
        List<Batch> a = run(LoaderOptions.of(16).withSeed(9), 2);
        List<Batch> b = run(LoaderOptions.of(16).withSeed(9).withWorkers(3).withPrefetch(5), 2);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).indices(), b.get(i).indices());
            assertArrayEquals(a.get(i).labels(), b.get(i).labels());
            assertArrayEquals(a.get(i).images(), b.get(i).images(), 0f); // same augmentations, bit for bit
        }
    }

    @Test
    void anEpochResumedAtBatchKYieldsTheRestOfTheSameEpoch() {
        for (int workers : new int[] {0, 2}) {
            LoaderOptions o = LoaderOptions.of(16).withSeed(9).withWorkers(workers);
            List<Batch> whole = run(o, 3);   // 7 batches, the last of 7 samples
            for (int k : new int[] {1, 4, 6, 7}) {
                List<Batch> rest = new ArrayList<>();
                try (DataLoader loader = new DataLoader(DATA, AUG, o); DataLoader.Epoch e = loader.epoch(3, k)) {
                    for (Batch b : e) rest.add(b);
                }
                assertEquals(whole.size() - k, rest.size(), "from batch " + k);
                for (int i = 0; i < rest.size(); i++) {
                    assertArrayEquals(whole.get(k + i).indices(), rest.get(i).indices());
                    assertArrayEquals(whole.get(k + i).images(), rest.get(i).images(), 0f);
                }
            }
            try (DataLoader loader = new DataLoader(DATA, AUG, o)) {
                assertThrows(IllegalArgumentException.class, () -> loader.epoch(3, 8));
                assertThrows(IllegalArgumentException.class, () -> loader.epoch(3, -1));
            }
        }
    }

    @Test
    void differentSeedOrEpochChangesOrderAndAugmentation() {
        int[] base = visited(run(LoaderOptions.of(16).withSeed(9), 0));
        assertFalse(Arrays.equals(base, visited(run(LoaderOptions.of(16).withSeed(10), 0))));
        assertFalse(Arrays.equals(base, visited(run(LoaderOptions.of(16).withSeed(9), 1))));
        // Without shuffling the order is 0..n-1 but augmentations still depend on the seed.
        List<Batch> s1 = run(LoaderOptions.of(103).withShuffle(false).withSeed(1), 0);
        List<Batch> s2 = run(LoaderOptions.of(103).withShuffle(false).withSeed(2), 0);
        assertArrayEquals(s1.get(0).indices(), s2.get(0).indices());
        assertEquals(0, s1.get(0).indices()[0]);
        assertFalse(Arrays.equals(s1.get(0).images(), s2.get(0).images()));
    }

    @Test
    void sampleAugmentationDoesNotDependOnBatchSize() {
        // Same (seed, epoch, index) => same pixels, even when the sample lands in another batch slot.
        List<Batch> small = run(LoaderOptions.of(7).withSeed(4), 0);
        List<Batch> big = run(LoaderOptions.of(50).withSeed(4), 0);
        int numel = 3 * 32 * 32;
        float[] fromSmall = small.get(1).images();
        float[] fromBig = big.get(0).images();
        // Order is the same permutation, so position 7 of the epoch is slot 0 of small batch 1, slot 7 of big batch 0.
        assertEquals(small.get(1).indices()[0], big.get(0).indices()[7]);
        assertArrayEquals(Arrays.copyOfRange(fromSmall, 0, numel), Arrays.copyOfRange(fromBig, 7 * numel, 8 * numel), 0f);
    }

    @Test
    void workerErrorReachesCallerUnchanged() {
        DatasetException boom = new DatasetException("broken.bin: bad sample 5");
        Dataset broken = new Dataset() {
            public String name() {
                return "broken";
            }

            public int size() {
                return 20;
            }

            public SampleShape sampleShape() {
                return SampleShape.of(1, 2, 2);
            }

            public List<String> classNames() {
                return List.of("a");
            }

            public int label(int index) {
                return 0;
            }

            public Image image(int index) {
                if (index == 5) {
                    throw boom;
                }
                return Image.zeros(1, 2, 2);
            }

            public Normalization normalization() {
                return Normalization.MNIST;
            }
        };
        try (DataLoader loader = new DataLoader(broken, Transform.identity(), LoaderOptions.of(4).withWorkers(2))) {
            DataLoader.Epoch e = loader.epoch(0);
            DatasetException thrown = assertThrows(DatasetException.class, () -> {
                for (Batch b : e) {
                    assertTrue(b.size() > 0);
                }
            });
            assertSame(boom, thrown);
            e.close();
        }
    }

    @Test
    void closingEarlyAndReusingAcrossEpochs() {
        try (DataLoader loader = new DataLoader(DATA, AUG, LoaderOptions.of(8).withWorkers(2))) {
            try (DataLoader.Epoch e = loader.epoch(0)) {
                assertTrue(e.iterator().hasNext());
                e.next(); // then abandon the epoch
            }
            int total = 0;
            try (DataLoader.Epoch e = loader.epoch(1)) {
                assertEquals(13, e.size());
                for (Batch b : e) {
                    total += b.size();
                }
                assertThrows(IllegalStateException.class, e::iterator); // iterate once
            }
            assertEquals(103, total);
        }
    }

    @Test
    void variableSizeDataNeedsAFixedSizeTransform() {
        Dataset varying = new Dataset() {
            public String name() {
                return "varying";
            }

            public int size() {
                return 1;
            }

            public SampleShape sampleShape() {
                return SampleShape.variable(3);
            }

            public List<String> classNames() {
                return List.of("a");
            }

            public int label(int index) {
                return 0;
            }

            public Image image(int index) {
                return Image.zeros(3, 5, 5);
            }

            public Normalization normalization() {
                return Normalization.IMAGENET;
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DataLoader(varying, Transform.identity(), LoaderOptions.of(1)));
        assertTrue(e.getMessage().contains("must crop or resize"), e.getMessage());
    }
}
