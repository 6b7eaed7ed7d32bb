package dev.hne.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

/**
 * {@link Memory} scopes: what a scope releases (tensors made inside it under no-grad), what it
 * keeps (returned tensors and their views, inputs made outside, anything made under grad), how
 * nesting hands a kept tensor to the enclosing scope, and that a released tensor fails loudly.
 * A backend of its own, so the pool counts are this test's alone.
 */
class MemoryScopeTest {

    private static final int SIZE = 8192;   // above the pool's minimum, so released arrays are reused

    private final CpuBackend be = CpuBackend.withThreads(1);

    @Test
    void aScopeReleasesWhatWasMadeInsideAndKeepsWhatIsReturned() {
        Tensor input = Tensor.zeros(be, SIZE);
        Tensor dead, kept;
        try (var noGrad = Autograd.noGrad(); var scope = Memory.scope()) {
            dead = input.add(input);                    // an op output: owned by the scope
            kept = scope.keep(dead.scale(2f).reshape(2, SIZE / 2));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, dead::toArray);
        assertTrue(e.getMessage().contains("freed"), e.getMessage());
        assertArrayEquals(new float[SIZE], kept.toArray());   // 2 * (0 + 0), still readable
        assertArrayEquals(new float[SIZE], input.toArray());  // made outside: untouched
    }

    @Test
    void releasedMemoryIsReusedInsteadOfAllocatedAgain() {
        Tensor input = Tensor.zeros(be, SIZE);
        long before;
        try (var noGrad = Autograd.noGrad()) {
            try (var scope = Memory.scope()) {
                input.add(input);
            }
            before = be.poolMisses();
            try (var scope = Memory.scope()) {
                input.add(input);   // the array the first scope released
            }
        }
        assertEquals(before, be.poolMisses());
    }

    @Test
    void aKeptTensorBelongsToTheEnclosingScope() {
        Tensor x = Tensor.zeros(be, SIZE), inner;
        try (var noGrad = Autograd.noGrad(); var outer = Memory.scope()) {
            try (var scope = Memory.scope()) {
                inner = scope.keep(x.add(x));
            }
            inner.toArray();   // alive after the inner scope
        }
        assertThrows(IllegalStateException.class, inner::toArray);   // released by the outer one
    }

    @Test
    void nothingMadeWhileGradientsAreRecordedIsReleased() {
        Tensor x = Tensor.zeros(be, SIZE).requiresGrad(true), y;
        try (var scope = Memory.scope()) {
            y = x.add(x);   // part of a graph: the backward walk owns its memory
        }
        assertArrayEquals(new float[SIZE], y.toArray());
    }

    @Test
    void aBackwardInsideAScopeKeepsTheGradients() {
        // the walk allocates gradients with grad mode off; a scope around it must not own them
        Tensor w = Tensor.full(3f, SIZE).to(be).requiresGrad(true);
        try (var scope = Memory.scope()) {
            w.mul(w).sum().backward();
        }
        float[] expected = new float[SIZE];
        java.util.Arrays.fill(expected, 6f);   // d(sum w^2)/dw = 2w
        assertArrayEquals(expected, w.grad().toArray());
    }

    @Test
    void scopesCloseInnermostFirst() {
        try (var noGrad = Autograd.noGrad()) {
            var outer = Memory.scope();
            var inner = Memory.scope();
            assertThrows(IllegalStateException.class, outer::close);
            inner.close();
            outer.close();
        }
    }
}
