package dev.hne.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hne.engine.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void diversityIsTheMeanStdOfLogitsAcrossModels() {
        // 2 models, 1 sample, 2 classes: class 0 has values 0 and 2 (std sqrt(2), unbiased), class 1 agrees
        List<Tensor> z = List.of(Tensor.of(new float[] {0, 2}, 1, 2), Tensor.of(new float[] {2, 2}, 1, 2));
        assertEquals(Math.sqrt(2) / 2, Metrics.logitStd(z), 1e-9);
        // 3 models, 2 samples, 1 class: (1, 2, 3) -> std 1; (5, 5, 5) -> 0
        List<Tensor> w = List.of(Tensor.of(new float[] {1, 5}, 2, 1), Tensor.of(new float[] {2, 5}, 2, 1),
                Tensor.of(new float[] {3, 5}, 2, 1));
        assertEquals(0.5, Metrics.logitStd(w), 1e-9);
        assertEquals(0, Metrics.logitStd(w.subList(0, 1)));
    }

    @Test
    void correctCountsTheRowsWhoseArgmaxIsTheLabel() {
        int[] labels = {0, 1, 1};
        float[] a = {3, 0, 0, 1, 2, 0};   // predicts 0, 1, 0: 2 of 3
        float[] b = {0, 1, 0, 5, 0, 4};   // predicts 1, 1, 1: 2 of 3, not the same 2
        assertEquals(2, Metrics.correct(a, labels));
        assertEquals(2, Metrics.correct(b, labels));
        assertEquals(0, Metrics.correct(a, new int[] {1, 0, 1}));
        // 3 classes: the row width comes from the labels' count (6 logits, 2 rows)
        assertEquals(1, Metrics.correct(a, new int[] {0, 2}));
    }

    @Test
    void argmaxTakesTheFirstOfTiedClasses() {
        // Ties go to the lowest class index, as torch.argmax does on CPU; a tie not at class 0
        // (classes 1 and 2 of three) tells "first" from "last" and from "always 0".
        float[] z = {1f, 4f, 4f, /* row 2 */ 7f, 7f, 7f, /* row 3 */ -1f, -3f, 2f};
        assertEquals(1, Metrics.argmax(z, 0, 3));
        assertEquals(0, Metrics.argmax(z, 3, 3));
        assertEquals(2, Metrics.argmax(z, 6, 3));
        int[] labels = {1, 0, 2};
        assertEquals(3, Metrics.correct(z, labels));
        assertEquals(2, Metrics.correct(z, new int[] {2, 0, 2}));
    }
}
