package dev.hne.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.hne.engine.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * In-place gradient accumulation must never write into a buffer that another pending gradient
 * shares. {@code Add}'s backward hands the SAME gradient object to both of its inputs, so after it
 * runs, a's and b's pending slots hold one buffer; adding a's second contribution into it in place
 * would silently change b's gradient too.
 *
 * <p>The graph, with x and y leaves of four elements:
 * <pre>
 *   a = 1 * x,  b = 1 * y,
 *   loss = sum(b) + sum(2 a) + sum(a + b)
 *   d loss / dx = 2 + 1 = 3,   d loss / dy = 1 + 1 = 2   (by hand: each term's derivative)
 * </pre>
 * Whether the shared buffer is the one being accumulated into depends on the order in which the
 * walk meets the three terms, so every order of the terms (and both operand orders of the residual
 * add) is run: at least one of them reaches the shared buffer as the pending sum. Mutation check:
 * forcing {@code Recycler.isSoleHolder} to return true makes this test fail.
 */
class SharedGradientTest {

    private record Case(String name, int[] termOrder, boolean swapResidual) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        int[][] orders = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        List<Case> cases = new ArrayList<>();
        for (int[] order : orders) {
            for (boolean swap : new boolean[] {false, true}) {
                String name = "terms " + order[0] + order[1] + order[2] + (swap ? ", b + a" : ", a + b");
                cases.add(new Case(name, order, swap));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sharedGradientIsNeverAccumulatedInPlace(Case c) {
        Tensor x = Tensor.of(new float[] {1f, -2f, 0.5f, 3f}, 4).requiresGrad(true);
        Tensor y = Tensor.of(new float[] {-1f, 4f, 2f, 0f}, 4).requiresGrad(true);
        Tensor a = x.scale(1f);
        Tensor b = y.scale(1f);
        BiFunction<Tensor, Tensor, Tensor> residual = c.swapResidual() ? (p, q) -> q.add(p) : Tensor::add;
        Tensor[] terms = {b.sum(), a.scale(2f).sum(), residual.apply(a, b).sum()};
        Tensor loss = terms[c.termOrder()[0]].add(terms[c.termOrder()[1]]).add(terms[c.termOrder()[2]]);
        loss.backward();
        assertArrayEquals(new float[] {3f, 3f, 3f, 3f}, x.grad().toArray(), "dx");
        assertArrayEquals(new float[] {2f, 2f, 2f, 2f}, y.grad().toArray(), "dy");
    }
}
