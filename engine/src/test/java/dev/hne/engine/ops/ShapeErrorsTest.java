package dev.hne.engine.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Wrong shapes and group counts fail at once, and the message names the op and the shapes. */
class ShapeErrorsTest {

    private static void fails(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
        }
    }

    @Test
    void conv2dChannelMismatch() {
        fails(() -> Conv2d.apply(Tensor.zeros(2, 3, 8, 8), Tensor.zeros(16, 4, 3, 3), 1, 1, 1),
                "conv2d", "(2,3,8,8)", "(16,4,3,3)", "input has 3");
    }

    @Test
    void conv2dGroupsMustDivideChannels() {
        fails(() -> Conv2d.apply(Tensor.zeros(1, 6, 4, 4), Tensor.zeros(10, 2, 1, 1), 1, 0, 3),
                "conv2d", "groups", "10 output channels");
    }

    @Test
    void conv2dKernelLargerThanInput() {
        fails(() -> Conv2d.apply(Tensor.zeros(1, 2, 2, 2), Tensor.zeros(4, 2, 5, 5), 1, 0, 1),
                "conv2d", "kernel 5x5", "(1,2,2,2)");
    }

    @Test
    void conv2dNeedsRank4() {
        fails(() -> Conv2d.apply(Tensor.zeros(2, 3), Tensor.zeros(4, 3, 1, 1), 1, 0, 1), "conv2d", "(2,3)");
    }

    @Test
    void elementwiseShapesMustMatch() {
        fails(() -> Tensor.zeros(2, 3).add(Tensor.zeros(3, 2)), "add", "(2,3)", "(3,2)");
        fails(() -> Tensor.zeros(4).mul(Tensor.zeros(5)), "multiply", "(4,)", "(5,)");
    }

    @Test
    void linearWeightMustMatchFeatures() {
        fails(() -> Linear.apply(Tensor.zeros(8, 10), Tensor.zeros(3, 12), null), "linear", "(8,10)", "(3,12)");
    }

    @Test
    void batchNormParameterSize() {
        fails(() -> BatchNorm.train(Tensor.zeros(2, 4, 3, 3), Tensor.zeros(3), Tensor.zeros(4), Tensor.zeros(4),
                Tensor.zeros(4), 0.1f, 1e-5f), "batch_norm", "(2,4,3,3)", "(3,)");
    }

    @Test
    void gatherGroupsMustDivideChannelsAndNameGroupsThatExist() {
        fails(() -> GatherGroups.apply(Tensor.zeros(1, 10, 2, 2), 4, 0, 1), "gather_groups", "4 groups", "(1,10,2,2)");
        fails(() -> GatherGroups.apply(Tensor.zeros(1, 8, 2, 2), 4, 0, 4), "gather_groups", "index[1] = 4", "4 input groups");
    }

    @Test
    void channelSlicesAndConcatenation() {
        fails(() -> Channels.slice(Tensor.zeros(1, 4, 2, 2), 3, 2), "slice_channels", "[3, 5)", "(1,4,2,2)");
        fails(() -> Channels.concat(List.of(Tensor.zeros(1, 4, 2, 2), Tensor.zeros(1, 4, 3, 2))),
                "concat_channels", "(1,4,2,2)", "(1,4,3,2)");
    }

    @Test
    void crossEntropyLabels() {
        fails(() -> CrossEntropy.hard(Tensor.zeros(2, 3), new int[] {0, 3}), "cross_entropy", "label 3", "index 1");
        fails(() -> CrossEntropy.hard(Tensor.zeros(2, 3), new int[] {0}), "cross_entropy", "(2,3)", "1 labels");
    }

    @Test
    void reshapeSize() {
        fails(() -> Tensor.zeros(2, 3).reshape(4, 2), "reshape", "(2,3)", "(4,2)");
    }
}
