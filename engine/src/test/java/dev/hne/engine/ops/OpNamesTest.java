package dev.hne.engine.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Checkpoint;
import dev.hne.engine.dist.SingleProcess;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The name each recorded op gives its graph node: what the autograd errors print ("backward through
 * batch_norm_relu a second time", a gradient of the wrong shape "for input 0 of ..."), so a wrong or
 * empty name sends a reader to the wrong op. The names are the ops' documented spellings (snake
 * case, the fused variants naming every part they fuse), written here by hand. (Issue 19: the name
 * methods had no coverage, and the choices between fused names survived.)
 */
class OpNamesTest {

    private record Case(String expected, Supplier<Tensor> op) {
        @Override
        public String toString() {
            return expected;
        }
    }

    private static Tensor param(int... shape) {
        return Tensor.full(0.5f, shape).requiresGrad(true);
    }

    private static Tensor x4() {
        float[] v = new float[2 * 3 * 2 * 2];
        for (int i = 0; i < v.length; i++) v[i] = (i % 7) - 3f;
        return Tensor.of(v, 2, 3, 2, 2).requiresGrad(true);
    }

    private static Tensor stat(float v) {
        return Tensor.full(v, 3);
    }

    static List<Case> cases() {
        return List.of(
                new Case("relu", () -> Activation.relu(x4())),
                new Case("relu6", () -> Activation.relu6(x4())),
                new Case("batch_norm", () -> BatchNorm.train(x4(), param(3), param(3), stat(0), stat(1), 0.1f, 1e-5f)),
                new Case("batch_norm_relu",
                        () -> BatchNorm.trainRelu(x4(), param(3), param(3), stat(0), stat(1), 0.1f, 1e-5f, null)),
                new Case("batch_norm_add_relu",
                        () -> BatchNorm.trainRelu(x4(), param(3), param(3), stat(0), stat(1), 0.1f, 1e-5f, x4())),
                new Case("checkpoint(relu)", () -> Checkpoint.apply(param(2, 3), List.of(), Activation::relu,
                        Activation::relu, "relu")),
                new Case("concat_channels", () -> Channels.concat(List.of(x4(), x4()))),
                new Case("slice_channels", () -> Channels.slice(x4(), 1, 2)),
                new Case("cross_entropy", () -> CrossEntropy.hard(param(2, 3), new int[] {0, 2})),
                new Case("gather_groups", () -> GatherGroups.apply(x4(), 3, 2, 0)),
                new Case("gather_rows", () -> Rows.gather(x4(), new int[] {1, 0})),
                new Case("softmax", () -> Softmax.apply(param(2, 3), false)),
                new Case("log_softmax", () -> Softmax.apply(param(2, 3), true)),
                new Case("sync_batch_norm", () -> SyncBatchNorm.train(x4(), param(3), param(3), stat(0), stat(1), 0.1f,
                        1e-5f, new SingleProcess())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachOpNamesItsGraphNode(Case c) {
        Tensor y = c.op().get();
        assertNotNull(y.creator(), "the op recorded nothing although an input requires grad");
        assertEquals(c.expected(), y.creator().name());
    }
}
