package dev.hne.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import org.junit.jupiter.api.Test;

/** The graph machinery: accumulation, ordering, no-grad, release. Expected values are derived by hand. */
class AutogradTest {

    @Test
    void backwardFreesSavedIntermediatesButNeverParametersOrInputs() {
        // h = relu(x * w) is saved by ReLU (its output) and by Multiply (an input); 40k elements,
        // large enough to be pooled. After backward h's memory is recycled and reading it fails
        // loudly; x, w and the gradients stay valid. loss = sum(h * w): dx = [xw > 0] * w * w.
        int size = 40_000;
        float[] xs = new float[size], ws = new float[size];
        for (int i = 0; i < size; i++) {
            xs[i] = (i % 3) - 1f;
            ws[i] = 0.5f + (i % 5);
        }
        Tensor x = Tensor.of(xs, size).requiresGrad(true);
        Tensor w = Tensor.of(ws, size).requiresGrad(true);
        Tensor h = x.mul(w).relu();
        h.mul(w).sum().backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, h::toArray);
        assertTrue(e.getMessage().contains("freed"), e.getMessage());
        assertArrayEquals(xs, x.toArray());
        assertArrayEquals(ws, w.toArray());
        float[] dx = x.grad().toArray();
        for (int i = 0; i < size; i++) {
            float expected = xs[i] * ws[i] > 0 ? ws[i] * ws[i] : 0f;
            assertEquals(expected, dx[i], 1e-5f, "dx[" + i + "]");
        }
    }

    @Test
    void releaseFreesOnlyIntermediates() {
        Tensor x = Tensor.of(new float[] {1f, -2f}, 2).requiresGrad(true);
        Tensor y = x.scale(3f);
        x.release();                       // a leaf: left alone
        assertArrayEquals(new float[] {1f, -2f}, x.toArray());
        y.release();                       // an intermediate: gone
        assertThrows(IllegalStateException.class, y::toArray);
    }

    @Test
    void aTensorNobodySavedStaysReadableAfterBackward() {
        // Logits are read after backward (accuracy): nothing in the loss saves them (Sum does not,
        // CrossEntropy keeps its own log-probabilities), so they are never freed. loss = sum(2x).
        Tensor x = Tensor.of(new float[] {1f, -2f, 3f, 0.5f}, 2, 2).requiresGrad(true);
        Tensor y = x.scale(2f);
        y.sum().backward();
        assertArrayEquals(new float[] {2f, -4f, 6f, 1f}, y.toArray());
        assertArrayEquals(new float[] {2f, 2f, 2f, 2f}, x.grad().toArray());
    }

    @Test
    void aGradientIsAccumulatedInPlaceOnlyWhenNoOneElseHoldsIt() {
        // One big gradient flows into three consumers of x; the pending sum is private after the
        // first merge, so the later merges add in place. loss = sum(3x) + sum(x) + sum(x * x):
        // dx = 4 + 2x.
        int size = 20_000;
        float[] xs = new float[size];
        for (int i = 0; i < size; i++) xs[i] = (i % 7) - 3f;
        Tensor x = Tensor.of(xs, size).requiresGrad(true);
        Tensor a = x.scale(1f).relu();   // an intermediate, so its gradient goes through the pending table
        a.scale(3f).sum().add(a.sum()).add(a.mul(a).sum()).backward();
        float[] dx = x.grad().toArray();
        for (int i = 0; i < size; i++) {
            float expected = xs[i] > 0 ? 4f + 2f * xs[i] : 0f;
            assertEquals(expected, dx[i], 1e-5f, "dx[" + i + "]");
        }
    }

    @Test
    void gradientsAccumulateWhereATensorFeedsSeveralOps() {
        // loss = sum(x*x + x): d/dx = 2x + 1
        Tensor x = Tensor.of(new float[] {1f, -2f, 0.5f}, 3).requiresGrad(true);
        x.mul(x).add(x).sum().backward();
        assertArrayEquals(new float[] {3f, -3f, 2f}, x.grad().toArray(), 1e-6f);
    }

    @Test
    void aBranchSplitSumsBothBranches() {
        // loss = sum(relu(x)) + sum(3x): d/dx = [x > 0] + 3
        Tensor x = Tensor.of(new float[] {1f, -2f, 4f}, 3).requiresGrad(true);
        x.relu().sum().add(x.scale(3f).sum()).backward();
        assertArrayEquals(new float[] {4f, 3f, 4f}, x.grad().toArray(), 1e-6f);
    }

    @Test
    void aGradientSharedByTwoInputsIsNotCorruptedByLaterAccumulation() {
        // Add hands the same gradient to both inputs; x then gets another contribution.
        // loss = sum(x + y) + sum(2x): dx = 3, dy = 1
        Tensor x = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
        Tensor y = Tensor.of(new float[] {5f, 6f}, 2).requiresGrad(true);
        x.add(y).sum().add(x.scale(2f).sum()).backward();
        assertArrayEquals(new float[] {3f, 3f}, x.grad().toArray());
        assertArrayEquals(new float[] {1f, 1f}, y.grad().toArray());
    }

    @Test
    void leafGradientsAccumulateAcrossBackwardCallsUntilCleared() {
        Tensor x = Tensor.of(new float[] {2f}, 1).requiresGrad(true);
        x.scale(5f).sum().backward();
        x.scale(5f).sum().backward();
        assertArrayEquals(new float[] {10f}, x.grad().toArray());
        x.setGrad(null);
        x.scale(5f).sum().backward();
        assertArrayEquals(new float[] {5f}, x.grad().toArray());
    }

    @Test
    void aLossThatIsItselfALeafGetsTheGradientOne() {
        // No op recorded: backward from the parameter itself. d x / d x = 1, accumulated like any
        // other leaf gradient (twice: 2).
        Tensor x = Tensor.of(new float[] {7f}, 1).requiresGrad(true);
        x.backward();
        assertArrayEquals(new float[] {1f}, x.grad().toArray());
        x.backward();
        assertArrayEquals(new float[] {2f}, x.grad().toArray());
    }

    @Test
    void noGradRecordsNothing() {
        Tensor x = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
        Tensor y;
        try (var scope = Autograd.noGrad()) {
            assertFalse(Autograd.isGradEnabled());
            y = x.relu().scale(2f);
        }
        assertTrue(Autograd.isGradEnabled());
        assertFalse(y.requiresGrad());
        assertNull(y.creator());
        assertThrows(IllegalStateException.class, () -> y.sum().backward());
    }

    @Test
    void theGraphIsFreedByBackwardAndCannotBeWalkedTwice() {
        Tensor x = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
        Tensor loss = x.scale(2f).relu().sum();
        loss.backward();
        var e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("a second time"), e.getMessage());
    }

    @Test
    void theGraphDoesNotKeepIntermediateTensorsAlive() throws InterruptedException {
        // relu saves its output, scale saves nothing: the tensor between them is garbage once the
        // caller lets go of it, although the graph still leads through its producer.
        Tensor x = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
        Tensor hidden = x.scale(2f);
        java.lang.ref.WeakReference<Tensor> ref = new java.lang.ref.WeakReference<>(hidden);
        Tensor loss = hidden.relu().sum();
        hidden = null;
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(ref.get(), "the intermediate should be collectable");
        loss.backward();
        assertArrayEquals(new float[] {2f, 2f}, x.grad().toArray());
    }

    @Test
    void aVeryDeepGraphDoesNotOverflowTheStack() {
        Tensor x = Tensor.of(new float[] {1f}, 1).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 20_000; i++) y = y.scale(1.0001f);
        y.sum().backward();
        assertEquals(Math.pow(1.0001, 20_000), x.grad().item(), 1e-2);
    }

    @Test
    void topologicalOrderPutsEveryConsumerBeforeItsInputs() {
        Tensor x = Tensor.of(new float[] {1f}, 1).requiresGrad(true);
        Tensor a = x.scale(2f), b = a.relu(), c = a.add(b), loss = c.sum();
        var order = Autograd.reverseTopologicalOrder(loss.creator());
        assertTrue(order.indexOf(loss.creator()) < order.indexOf(c.creator()));
        assertTrue(order.indexOf(c.creator()) < order.indexOf(b.creator()));
        assertTrue(order.indexOf(b.creator()) < order.indexOf(a.creator()));
        assertEquals(4, order.size());
    }

    @Test
    void backwardNeedsAOneElementLoss() {
        Tensor x = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
        var e = assertThrows(IllegalArgumentException.class, () -> x.scale(2f).backward());
        assertTrue(e.getMessage().contains("(2,)"), e.getMessage());
    }
}
