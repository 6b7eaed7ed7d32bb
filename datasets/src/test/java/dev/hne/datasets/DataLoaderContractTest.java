package dev.hne.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.datasets.synthetic.SyntheticDataset;
import dev.hne.datasets.transform.Transform;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * The parts of {@link DataLoader}'s contract the other loader tests do not pin (issue 19's
 * survivors in dev.hne.datasets):
 * <ul>
 *   <li>{@code mix}, the seed of every shuffle and of every sample's augmentation, is part of what
 *       makes a resumed run bit-identical across versions, so its values are pinned. Its last three
 *       lines are the SplitMix64 finaliser: with epoch = index = 0 and seed s, mix(s, 0, 0) is the
 *       s-th output of SplitMix64 started at state 0, whose published first outputs are
 *       0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F (Vigna's splitmix64.c). The
 *       epoch and index terms are pinned by this Python reference of the documented formula:
 *       <pre>
 *   M = 2**64 - 1
 *   def fin(z):
 *       z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) &amp; M
 *       z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) &amp; M
 *       return z ^ (z >> 31)
 *   def mix(s, e, i): return fin((s * 0x9E3779B97F4A7C15 + e * 0xC2B2AE3D27D4EB4F + i * 0x165667B19E3779F9) &amp; M)
 *   # printed as signed 64-bit: mix(0,1,0), mix(0,0,1), mix(7,3,-1), mix(42,5,12345)
 *       </pre></li>
 *   <li>A worker's Error reaches the caller as itself; an interrupted wait is a cancellation that
 *       keeps the thread's interrupt flag.</li>
 * </ul>
 */
class DataLoaderContractTest {

    @Test
    void mixWithEpochAndIndexZeroIsSplitMix64() {
        assertEquals(0xE220A8397B1DCDAFL, DataLoader.mix(1, 0, 0));
        assertEquals(0x6E789E6AA1B965F4L, DataLoader.mix(2, 0, 0));
        assertEquals(0x06C45D188009454FL, DataLoader.mix(3, 0, 0));
    }

    @Test
    void mixOfEpochAndIndexMatchesTheReference() {
        assertEquals(7531437802973452838L, DataLoader.mix(0, 1, 0));
        assertEquals(-5506949292836776989L, DataLoader.mix(0, 0, 1));
        assertEquals(6039897730833660860L, DataLoader.mix(7, 3, -1));
        assertEquals(-1909009548559680063L, DataLoader.mix(42, 5, 12345));
    }

    @Test
    void mixGivesEverySampleOfEveryEpochItsOwnStream() {
        Set<Long> seen = new HashSet<>();
        for (int epoch = 0; epoch < 20; epoch++) {
            for (int index = -1; index < 5000; index++) {
                assertTrue(seen.add(DataLoader.mix(0, epoch, index)), "epoch " + epoch + ", index " + index);
            }
        }
    }

    @Test
    void accessorsReturnWhatTheLoaderWasBuiltWith() {
        Dataset data = SyntheticDataset.create(1, true, 10);
        LoaderOptions options = LoaderOptions.of(4).withShuffle(false);
        try (DataLoader loader = new DataLoader(data, Transform.identity(), options)) {
            assertSame(data, loader.dataset());
            assertSame(options, loader.options());
            assertEquals(data.sampleShape(), loader.outputShape());
        }
    }

    @Test
    void aWorkersErrorIsRethrownAsItself() {
        Dataset failing = new FailingDataset(SyntheticDataset.create(1, true, 8), new AssertionError("decoder bug"));
        try (DataLoader loader = new DataLoader(failing, Transform.identity(), LoaderOptions.of(4).withWorkers(1));
             DataLoader.Epoch epoch = loader.epoch(0)) {
            AssertionError e = assertThrows(AssertionError.class, epoch::next);
            assertEquals("decoder bug", e.getMessage());
        }
    }

    @Test
    void anInterruptedWaitIsACancellationThatKeepsTheInterruptFlag() {
        Dataset slow = new FailingDataset(SyntheticDataset.create(1, true, 8), null);
        try (DataLoader loader = new DataLoader(slow, Transform.identity(), LoaderOptions.of(4).withWorkers(1));
             DataLoader.Epoch epoch = loader.epoch(0)) {
            Thread.currentThread().interrupt();
            assertThrows(CancellationException.class, epoch::next);
            assertTrue(Thread.interrupted(), "the interrupt flag is set again (and cleared here)");
        }
    }

    /** Delegates to a dataset, but image() throws {@code error}, or blocks until interrupted when it is null. */
    private record FailingDataset(Dataset inner, Error error) implements Dataset {
        @Override public String name() { return "failing"; }
        @Override public int size() { return inner.size(); }
        @Override public SampleShape sampleShape() { return inner.sampleShape(); }
        @Override public List<String> classNames() { return inner.classNames(); }
        @Override public int label(int index) { return inner.label(index); }
        @Override public Normalization normalization() { return inner.normalization(); }

        @Override
        public Image image(int index) {
            if (error != null) throw error;
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return inner.image(index);
        }
    }
}
