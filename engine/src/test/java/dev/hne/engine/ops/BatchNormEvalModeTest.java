package dev.hne.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import org.junit.jupiter.api.Test;

/**
 * Batch norm in eval mode has no backward: it refuses to run where a gradient would be expected
 * (grad mode on and any of x, gamma, beta requiring one) rather than silently giving none, and runs
 * under no-grad or on tensors that need no gradient. (Issue 19: the refusal had no coverage.)
 *
 * <p>One channel, running mean 1 and variance 4 - eps, gamma 3, beta 0.5:
 * y = 3 (x - 1) / 2 + 0.5, so x = {1, 3, -1, 5} gives {0.5, 3.5, -2.5, 6.5}.
 */
class BatchNormEvalModeTest {

    private static final float EPS = 1e-5f;
    private static final float[] EXPECTED = {0.5f, 3.5f, -2.5f, 6.5f};

    private static Tensor x() {
        return Tensor.of(new float[] {1f, 3f, -1f, 5f}, 1, 1, 2, 2);
    }

    private static Tensor eval(Tensor x, Tensor gamma, Tensor beta) {
        return BatchNorm.eval(x, gamma, beta, Tensor.full(1f, 1), Tensor.full(4f - EPS, 1), EPS);
    }

    @Test
    void refusesWhenAnyInputWantsAGradient() {
        assertRefused(x().requiresGrad(true), Tensor.full(3f, 1), Tensor.full(0.5f, 1));
        assertRefused(x(), Tensor.full(3f, 1).requiresGrad(true), Tensor.full(0.5f, 1));
        assertRefused(x(), Tensor.full(3f, 1), Tensor.full(0.5f, 1).requiresGrad(true));
    }

    private static void assertRefused(Tensor x, Tensor gamma, Tensor beta) {
        var e = assertThrows(IllegalStateException.class, () -> eval(x, gamma, beta));
        assertTrue(e.getMessage().contains("noGrad"), e.getMessage());
    }

    @Test
    void runsOnTensorsThatNeedNoGradient() {
        Tensor y = eval(x(), Tensor.full(3f, 1), Tensor.full(0.5f, 1));
        assertArrayEquals(EXPECTED, y.toArray(), 1e-5f);
    }

    @Test
    void runsUnderNoGradEvenOnParameters() {
        try (var scope = Autograd.noGrad()) {
            Tensor y = eval(x().requiresGrad(true), Tensor.full(3f, 1).requiresGrad(true),
                    Tensor.full(0.5f, 1).requiresGrad(true));
            assertArrayEquals(EXPECTED, y.toArray(), 1e-5f);
            assertNull(y.creator(), "nothing recorded under no-grad");
        }
    }
}
