package dev.hne.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hne.engine.Tensor;
import dev.hne.engine.ops.BatchNorm;
import dev.hne.engine.ops.Conv2d;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A checkpointed segment has the same value and the same gradients, bit for bit, as the segment
 * recorded op by op (the plain ops are checked against finite differences elsewhere); its forward
 * runs once per pass and its replay once per backward; it keeps only its input; and the gradient
 * the outer walk hands it is still the outer walk's afterwards.
 */
class CheckpointTest {

    /** conv 2 -> 3, 3x3, then batch norm + ReLU, then conv 3 -> 2: a small segment with parameters. */
    private record Segment(Tensor w1, Tensor gamma, Tensor beta, Tensor w2) {

        static Segment random(long seed) {
            Random rng = new Random(seed);
            return new Segment(Tensor.randn(rng, 0.5f, 3, 2, 3, 3).requiresGrad(true),
                    Tensor.randn(rng, 0.5f, 3).requiresGrad(true), Tensor.randn(rng, 0.5f, 3).requiresGrad(true),
                    Tensor.randn(rng, 0.5f, 2, 3, 1, 1).requiresGrad(true));
        }

        Tensor apply(Tensor x) {
            Tensor h = BatchNorm.trainRelu(Conv2d.apply(x, w1, 1, 1, 1), gamma, beta, Tensor.zeros(x.backend(), 3),
                    Tensor.zeros(x.backend(), 3), 0.1f, 1e-5f, null);
            return Conv2d.apply(h, w2, 1, 0, 1);
        }

        List<Tensor> parameters() {
            return List.of(w1, gamma, beta, w2);
        }
    }

    /** loss = sum(segment(a) * c) + sum(relu(a)), a = 1 * x: the input also feeds another op. */
    private static float[][] gradients(boolean checkpointed, boolean inputRequiresGrad) {
        Segment s = Segment.random(3);
        Tensor x = Tensor.randn(new Random(4), 1f, 2, 2, 5, 5).requiresGrad(inputRequiresGrad);
        Tensor a = x.scale(1f);
        Tensor y = checkpointed ? Checkpoint.apply(a, s.parameters(), s::apply, s::apply, "segment") : s.apply(a);
        Tensor c = Tensor.randn(new Random(5), 1f, y.shape());
        Tensor loss = y.mul(c).sum().add(a.relu().sum());
        float[] value = y.toArray();   // backward frees y (the product saved it)
        loss.backward();
        return new float[][] {loss.toArray(), value, inputRequiresGrad ? x.grad().toArray() : new float[0],
                s.w1.grad().toArray(), s.gamma.grad().toArray(), s.beta.grad().toArray(), s.w2.grad().toArray()};
    }

    @Test
    void valueAndGradientsAreBitIdenticalToTheRecordedSegment() {
        for (boolean inputRequiresGrad : new boolean[] {true, false}) {
            float[][] plain = gradients(false, inputRequiresGrad), checkpointed = gradients(true, inputRequiresGrad);
            String[] names = {"loss", "y", "x.grad", "w1.grad", "gamma.grad", "beta.grad", "w2.grad"};
            for (int i = 0; i < names.length; i++) {
                assertArrayEquals(plain[i], checkpointed[i], names[i] + " (input requires grad: " + inputRequiresGrad + ")");
            }
        }
    }

    @Test
    void theForwardRunsOnceAndTheReplayOnceInBackwardAndOnlyTheInputIsKept() {
        Segment s = Segment.random(3);
        AtomicInteger forwards = new AtomicInteger(), replays = new AtomicInteger();
        UnaryOperator<Tensor> forward = in -> {
            forwards.incrementAndGet();
            return s.apply(in);
        };
        UnaryOperator<Tensor> replay = in -> {
            replays.incrementAndGet();
            return s.apply(in);
        };
        Tensor a = Tensor.randn(new Random(4), 1f, 2, 2, 5, 5).requiresGrad(true).scale(1f);
        Tensor loss = Checkpoint.apply(a, s.parameters(), forward, replay, "segment").sum();
        assertEquals(1, forwards.get());
        assertEquals(0, replays.get());
        var saved = SavedMemory.byOp(loss);
        assertEquals(List.of("checkpoint(segment)"), List.copyOf(saved.keySet()), "what the graph keeps: " + saved);
        assertEquals(a.size(), saved.get("checkpoint(segment)").floats(), "the segment keeps its input, nothing else");
        loss.backward();
        assertEquals(1, forwards.get());
        assertEquals(1, replays.get());
    }

    @Test
    void withoutGradientsItIsJustTheSegment() {
        Segment s = Segment.random(3);
        Tensor x = Tensor.randn(new Random(4), 1f, 2, 2, 5, 5);
        try (var off = Autograd.noGrad()) {
            Tensor y = Checkpoint.apply(x, s.parameters(), s::apply, in -> {
                throw new AssertionError("no replay without a backward");
            }, "segment");
            assertNull(y.creator());
            assertArrayEquals(s.apply(x).toArray(), y.toArray());
        }
    }

    @Test
    void backwardFromAnOutputWithAGivenGradientLeavesThatGradientToTheCaller() {
        Tensor w = Tensor.randn(new Random(1), 1f, 3).requiresGrad(true);
        Tensor y = w.scale(2f).relu();
        Tensor dy = Tensor.of(new float[] {1, 2, 3}, 3);
        Autograd.backward(y, dy);
        assertArrayEquals(new float[] {1, 2, 3}, dy.toArray(), "the seed is still readable and unchanged");
        float[] expected = new float[3], wv = w.toArray();
        for (int i = 0; i < 3; i++) expected[i] = wv[i] > 0 ? 2f * (i + 1) : 0f;
        assertArrayEquals(expected, w.grad().toArray());
    }
}
