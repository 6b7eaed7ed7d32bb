package dev.hne.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hne.engine.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A second backward through a freed graph is refused with a message naming the op it met first
 * (the root's op, here Sum, whose name is its class name: Function's default), and what to do.
 */
class SecondBackwardTest {

    @Test
    void aSecondBackwardNamesTheOpAndSaysWhatToDo() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor loss = x.scale(2f).sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertEquals("backward through Sum a second time: the graph is freed after the first backward; "
                + "run the forward pass again", e.getMessage());
    }
}
