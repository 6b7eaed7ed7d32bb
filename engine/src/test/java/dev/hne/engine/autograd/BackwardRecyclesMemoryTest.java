package dev.hne.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hne.engine.Tensor;
import dev.hne.engine.backend.cpu.CpuBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The backward walk hands every dead gradient and saved activation back to the pool, and never one
 * that is still needed. Each case runs the same training step three times on a backend of its own;
 * after each step the test itself releases what the forward pass made and the leaves' gradients
 * (what the walk does not own). If the walk returned everything it owns, the first step leaves the
 * pool holding every array a step needs, so the second and third steps allocate NOTHING new
 * ({@link CpuBackend#poolMisses} unchanged). A gradient the walk forgets to free (a slot count that
 * never reaches zero, a missing {@code unhold} or {@code release}) is an array the next step must
 * allocate afresh. A gradient freed too early is an array the next allocation reuses and overwrites
 * while it is still pending, so the leaves' gradients, checked by hand each step, come out wrong (or
 * reading the freed storage fails).
 *
 * <p>Tensors are {@value #N} floats, at the pool's minimum size, so each of them goes through it.
 */
class BackwardRecyclesMemoryTest {

    private static final int N = 4096;

    /** One forward pass on {@code be}; {@code made} collects every tensor it creates. */
    private interface Step {
        Tensor loss(Tensor x, Tensor y, List<Tensor> made);
    }

    private record Case(String name, Step step, float dx, float dy) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Tensor keep(List<Tensor> made, Tensor t) {
        made.add(t);
        return t;
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // The example, every order of its three terms:
        //   a = 1 x, b = 1 y, loss = sum(b) + sum(2 a) + sum(a + b); dloss/dx = 2 + 1 = 3, dloss/dy = 1 + 1 = 2.
        // Add's backward hands ONE gradient to a and b, so their slots share a buffer: the order
        // decides whether a later contribution meets that shared buffer (it must be summed into a new
        // one, and the shared one freed once both slots let go of it).
        int[][] orders = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        for (int[] order : orders) {
            String name = "sum(b), sum(2a), sum(a+b) in order " + order[0] + order[1] + order[2];
            cases.add(new Case(name, (x, y, made) -> {
                Tensor a = keep(made, x.scale(1f));
                Tensor b = keep(made, y.scale(1f));
                Tensor twoA = keep(made, a.scale(2f));
                Tensor aPlusB = keep(made, a.add(b));
                Tensor[] terms = {b.sum(), twoA.sum(), aPlusB.sum()};
                return terms[order[0]].add(terms[order[1]]).add(terms[order[2]]);
            }, 3f, 2f));
        }
        // Fan-out of one activation into four readers, accumulated in place, with saved activations
        // (x * y saves both inputs) and a view (reshape) among them. x and y are all 1 and 2:
        //   p = x * y, loss = sum(p) + sum(3 p) + sum(reshape(p)) + sum(p * y)
        //   dloss/dp = 1 + 3 + 1 + y = 7,  dloss/dx = 7 y = 14,  dloss/dy = 7 x + p = 7 + 2 = 9.
        cases.add(new Case("fan-out of a product into four readers", (x, y, made) -> {
            Tensor p = keep(made, x.mul(y));
            Tensor threeP = keep(made, p.scale(3f));
            Tensor view = p.reshape(64, N / 64);
            Tensor py = keep(made, p.mul(y));
            return p.sum().add(threeP.sum()).add(view.sum()).add(py.sum());
        }, 14f, 9f));
        // A chain with a relu (it saves its output) feeding a residual add:
        //   h = relu(x * y) = 2, r = h + 2 h, loss = sum(r) + sum(h)
        //   dloss/dh = 3 + 1 = 4, dloss/dx = 4 y = 8, dloss/dy = 4 x = 4.
        cases.add(new Case("relu into a residual add", (x, y, made) -> {
            Tensor xy = keep(made, x.mul(y));
            Tensor h = keep(made, xy.relu());
            Tensor twoH = keep(made, h.scale(2f));
            Tensor r = keep(made, h.add(twoH));
            return r.sum().add(h.sum());
        }, 8f, 4f));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aRepeatedStepAllocatesNothingNewAndItsGradientsStayRight(Case c) {
        CpuBackend be = CpuBackend.withThreads(1);
        Tensor x = Tensor.full(1f, N).to(be).requiresGrad(true);
        Tensor y = Tensor.full(2f, N).to(be).requiresGrad(true);
        long afterFirst = 0;
        for (int step = 1; step <= 3; step++) {
            List<Tensor> made = new ArrayList<>();
            c.step().loss(x, y, made).backward();
            assertArrayEquals(filled(c.dx()), x.grad().toArray(), "dx, step " + step);
            assertArrayEquals(filled(c.dy()), y.grad().toArray(), "dy, step " + step);
            for (Tensor t : made) t.release();   // forward outputs no op saved: the walk leaves them alone
            be.release(x.grad().storage());
            be.release(y.grad().storage());
            x.setGrad(null);
            y.setGrad(null);
            if (step == 1) {
                afterFirst = be.poolMisses();
            } else {
                assertEquals(afterFirst, be.poolMisses(), "arrays allocated afresh in step " + step
                        + ": the walk kept some of the first step's memory from the pool");
            }
        }
    }

    @Test
    void aGradientHandedToAParameterIsNeverFreedUnderIt() {
        // Scale's backward returns a new tensor for x; the leaf gets its own copy and the walk frees
        // the returned one. The leaf's copy must survive: a second backward accumulates into it.
        CpuBackend be = CpuBackend.withThreads(1);
        Tensor x = Tensor.full(1f, N).to(be).requiresGrad(true);
        x.scale(2f).sum().backward();
        Tensor firstGrad = x.grad();
        Tensor other = Tensor.full(5f, N).to(be).scale(1f);   // would take a wrongly freed array
        x.scale(3f).sum().backward();
        assertArrayEquals(filled(2f + 3f), x.grad().toArray(), "accumulated over two backwards");
        assertEquals(firstGrad, x.grad(), "the same gradient tensor, accumulated into");
        assertArrayEquals(filled(5f), other.toArray());
    }

    private static float[] filled(float v) {
        float[] a = new float[N];
        Arrays.fill(a, v);
        return a;
    }
}
