package dev.hne.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import dev.hne.engine.nn.BatchNorm2d;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Training a subset of a level's branches updates their running statistics with the batch norm's
 * own momentum, on both paths (plain and fused with ReLU). Hand count: 2 branches x 2 channels,
 * momentum 0.5, running means start at 0; only branch 1 runs, on an input whose two channels are the
 * constants 2 and -4, so its running means become 0.5 * 2 = 1 and 0.5 * -4 = -2 (a fixed 0.1 would
 * give 0.2 and -0.4); branch 0's stay 0.
 */
class BranchNormMomentumTest {

    private static Tensor constantChannels() {
        int n = 2, h = 2, w = 2;
        float[] data = new float[n * 2 * h * w];
        for (int i = 0; i < n; i++) {
            Arrays.fill(data, (i * 2) * h * w, (i * 2 + 1) * h * w, 2f);
            Arrays.fill(data, (i * 2 + 1) * h * w, (i * 2 + 2) * h * w, -4f);
        }
        return Tensor.of(data, n, 2, h, w);   // (N, |active| * C, H, W) with one active branch of 2 channels
    }

    @Test
    void plainPathUsesTheLayersMomentum() {
        BatchNorm2d bn = new BatchNorm2d(4, 1e-5f, 0.5f);
        BranchNorm.apply(bn, constantChannels(), new Branches(2, new int[] {1}), ExecutionMode.TRAIN);
        assertArrayEquals(new float[] {0, 0, 1, -2}, bn.runningMean().toArray(), 1e-6f);
    }

    @Test
    void fusedReluPathUsesTheLayersMomentum() {
        BatchNorm2d bn = new BatchNorm2d(4, 1e-5f, 0.5f);
        BranchNorm.applyRelu(bn, constantChannels(), new Branches(2, new int[] {1}), null, ExecutionMode.TRAIN);
        assertArrayEquals(new float[] {0, 0, 1, -2}, bn.runningMean().toArray(), 1e-6f);
    }

    @Test
    void aReplayNormalisesAsTrainingDoesAndLeavesTheRunningStatisticsAlone() {
        for (Branches b : new Branches[] {new Branches(2, new int[] {1}), Branches.all(1)}) {
            for (boolean relu : new boolean[] {false, true}) {
                BatchNorm2d trained = new BatchNorm2d(b.total() * 2, 1e-5f, 0.5f);
                BatchNorm2d replayed = new BatchNorm2d(b.total() * 2, 1e-5f, 0.5f);
                Tensor x = b.isAll() ? Tensor.of(new float[] {1, 2, 3, 4, -1, -3, 5, 0}, 2, 2, 2, 1) : constantChannels();
                Tensor y = relu ? BranchNorm.applyRelu(trained, x, b, null, ExecutionMode.TRAIN)
                        : BranchNorm.apply(trained, x, b, ExecutionMode.TRAIN);
                Tensor again = relu ? BranchNorm.applyRelu(replayed, x, b, null, ExecutionMode.REPLAY)
                        : BranchNorm.apply(replayed, x, b, ExecutionMode.REPLAY);
                String where = (b.isAll() ? "all branches" : "one branch") + (relu ? ", relu" : "");
                assertArrayEquals(y.toArray(), again.toArray(), where + ": the same output");
                assertArrayEquals(new float[b.total() * 2], replayed.runningMean().toArray(), where + ": mean untouched");
                float[] ones = new float[b.total() * 2];
                Arrays.fill(ones, 1f);
                assertArrayEquals(ones, replayed.runningVar().toArray(), where + ": variance untouched");
                assertTrue(Arrays.stream(box(trained.runningMean().toArray())).anyMatch(v -> v != 0f),
                        where + ": while training moves it");
            }
        }
    }

    private static Float[] box(float[] a) {
        Float[] out = new Float[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i];
        return out;
    }
}
