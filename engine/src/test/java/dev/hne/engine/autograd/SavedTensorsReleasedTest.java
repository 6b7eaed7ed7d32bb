package dev.hne.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hne.engine.Tensor;
import dev.hne.engine.ops.Activation;
import dev.hne.engine.ops.BatchNorm;
import dev.hne.engine.ops.Conv2d;
import dev.hne.engine.ops.Linear;
import dev.hne.engine.ops.Multiply;
import dev.hne.engine.ops.Softmax;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per op: what an op saved for its backward goes back to the backend once that backward has run,
 * and what it must not free stays. The graph is
 * <pre>
 *   a = 1 * x          (an intermediate, the op's input)
 *   y = op(a, params)  (an intermediate; relu and softmax save it)
 *   loss = sum(1 * y)
 * </pre>
 * After {@code loss.backward()}, every intermediate the op saved is released: reading it fails
 * loudly (a released CPU storage throws). The leaf x and the parameters are never released.
 * Mutation check (issue 19): removing an op's {@code saveForBackward} call, or the
 * {@code release} in {@link Recycler#backwardDone}, leaves the saved intermediate readable and
 * fails this test; releasing an untouchable (leaf) storage fails it too.
 */
class SavedTensorsReleasedTest {

    private record Case(String name, int[] inputShape, Function<Tensor, Tensor> op, boolean savesInput,
                        boolean savesOutput) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Random RNG = new Random(7);

    private static Tensor param(int... shape) {
        return Tensor.randn(RNG, 0.5f, shape).requiresGrad(true);
    }

    private static Tensor ones(int c) {
        float[] v = new float[c];
        java.util.Arrays.fill(v, 1f);
        return Tensor.of(v, c);
    }

    static List<Case> cases() {
        Tensor w = param(3, 2, 3, 3), wLin = param(4, 6), bLin = param(4);
        Tensor gamma = param(2), beta = param(2), other = param(2, 6);
        return List.of(
                new Case("relu", new int[] {2, 6}, Activation::relu, false, true),
                new Case("softmax", new int[] {2, 6}, a -> Softmax.apply(a, false), false, true),
                new Case("multiply", new int[] {2, 6}, a -> Multiply.apply(a, other), true, false),
                new Case("conv2d", new int[] {2, 2, 5, 5}, a -> Conv2d.apply(a, w, 1, 1, 1), true, false),
                new Case("linear", new int[] {2, 6}, a -> Linear.apply(a, wLin, bLin), true, false),
                new Case("batch_norm", new int[] {3, 2, 4, 4}, a -> BatchNorm.train(a, gamma, beta,
                        Tensor.zeros(a.backend(), 2), ones(2), 0.1f, 1e-5f), true, false),
                new Case("batch_norm_relu", new int[] {3, 2, 4, 4}, a -> BatchNorm.trainRelu(a, gamma, beta,
                        Tensor.zeros(a.backend(), 2), ones(2), 0.1f, 1e-5f, null), true, false),
                new Case("checkpoint", new int[] {3, 2, 5, 5}, a -> {
                    Tensor g3 = param(3), b3 = param(3);
                    java.util.function.UnaryOperator<Tensor> convBnRelu = in -> BatchNorm.trainRelu(
                            Conv2d.apply(in, w, 1, 1, 1), g3, b3, Tensor.zeros(in.backend(), 3), ones(3), 0.1f, 1e-5f,
                            null);
                    return Checkpoint.apply(a, List.of(w, g3, b3), convBnRelu, convBnRelu, "conv_bn_relu");
                }, true, false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void whatTheOpSavedIsReleasedAfterItsBackwardAndLeavesStay(Case c) {
        Tensor x = Tensor.randn(RNG, 1f, c.inputShape()).requiresGrad(true);
        Tensor a = x.scale(1f);
        Tensor y = c.op().apply(a);
        y.scale(1f).sum().backward();

        if (c.savesInput()) {
            assertThrows(IllegalStateException.class, a::toArray, c + ": its saved input is released");
        }
        if (c.savesOutput()) {
            assertThrows(IllegalStateException.class, y::toArray, c + ": its saved output is released");
        }
        assertDoesNotThrow(x::toArray, "a leaf is never released");
        assertDoesNotThrow(() -> x.grad().toArray(), "a leaf's gradient is its own");
    }
}
