package dev.hne.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ShardTest {

    @Test
    void ranksTakeDisjointStridedPartsAndTheirBatchesUniteToTheGlobalBatch() {
        int[] order = {9, 4, 7, 0, 3, 8, 1, 6, 2, 5};   // any permutation of 0..9
        // hand-written: rank 0 takes positions 0, 2, 4, 6, 8; rank 1 positions 1, 3, 5, 7, 9
        assertArrayEquals(new int[] {9, 7, 3, 1, 2}, new Shard(0, 2).of(order));
        assertArrayEquals(new int[] {4, 0, 8, 6, 5}, new Shard(1, 2).of(order));
        // 3 ranks: 10 % 3 = 1 position (the last, 5) is left out so every rank has 3
        assertArrayEquals(new int[] {9, 0, 1}, new Shard(0, 3).of(order));
        assertArrayEquals(new int[] {4, 3, 6}, new Shard(1, 3).of(order));
        assertArrayEquals(new int[] {7, 8, 2}, new Shard(2, 3).of(order));
        // global batch 4 = 2 ranks x 2: step 0 of the ranks is {9, 7} and {4, 0} = order[0..4)
        int[] united = {9, 7, 4, 0};
        Arrays.sort(united);
        int[] global = Arrays.copyOf(order, 4);
        Arrays.sort(global);
        assertArrayEquals(global, united);
    }

    @Test
    void aLoaderWithAShardVisitsOnlyItsPart() {
        Dataset data = dev.hne.datasets.synthetic.SyntheticDataset.create(7, true, 10);
        LoaderOptions o = LoaderOptions.of(2).withSeed(5);
        try (DataLoader all = new DataLoader(data, dev.hne.datasets.transform.Transform.identity(), o);
             DataLoader half = new DataLoader(data, dev.hne.datasets.transform.Transform.identity(), o.withShard(new Shard(1, 2)))) {
            assertArrayEquals(new Shard(1, 2).of(all.order(3)), half.order(3));
            assertEquals(3, half.batchesPerEpoch());   // 5 samples in batches of 2, the last kept
        }
        assertThrows(IllegalArgumentException.class, () -> new Shard(2, 2));
    }
}
