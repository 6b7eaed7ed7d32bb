package dev.hne.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link SavedMemory#byOp}, the memory report's live set, on a graph whose saved tensors are counted
 * by hand: which intermediates the ops saved, each storage once however many ops saved it, grouped
 * by the sorted names of its savers, with its floats.
 */
class SavedMemoryTest {

    @Test
    void groupsEachSavedIntermediateOnceByTheNamesOfItsSavers() {
        Tensor x = Tensor.of(new float[] {1, -2, 3, -4, 5, -6}, 2, 3).requiresGrad(true);
        Tensor y = Tensor.of(new float[] {1, 2, 3, 4}, 4).requiresGrad(true);
        Tensor p = x.scale(2f);        // intermediate, 6 floats; scale saves nothing
        Tensor q = p.mul(p);           // mul saves p (twice: one storage)
        Tensor r = q.relu();           // relu saves its output r
        Tensor s = r.mul(p);           // mul saves r and p again
        Tensor u = y.mul(y);           // mul saves the leaf y: not an intermediate, not counted
        Tensor loss = s.sum().add(u.sum());

        Map<String, SavedMemory.Group> groups = SavedMemory.byOp(loss);

        // p: saved by the two muls only -> "Multiply" (mul's Function name); r: by relu and a mul -> "Multiply+relu" (sorted: upper case first).
        assertEquals(Map.of("Multiply", new SavedMemory.Group(1, 6), "Multiply+relu", new SavedMemory.Group(1, 6)), groups);
    }

    @Test
    void sizesAddUpWithinAGroup() {
        Tensor x = Tensor.of(new float[8], 8).requiresGrad(true);
        Tensor a = x.scale(1f);                 // 8 floats
        Tensor b = x.scale(3f).reshape(2, 4);   // another 8-float storage
        Tensor c = Tensor.of(new float[3], 3).requiresGrad(true).scale(1f);   // 3 floats
        // each of a, b, c is saved by one mul with itself
        Tensor loss = a.mul(a).sum().add(b.mul(b).sum()).add(c.mul(c).sum());

        assertEquals(Map.of("Multiply", new SavedMemory.Group(3, 8 + 8 + 3)), SavedMemory.byOp(loss));
    }

    @Test
    void aTensorWithoutAGraphKeepsNothingAlive() {
        assertTrue(SavedMemory.byOp(Tensor.of(new float[] {1, 2}, 2)).isEmpty());
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        assertTrue(SavedMemory.byOp(x.scale(2f)).isEmpty(), "scale of a leaf saves no intermediate");
    }
}
