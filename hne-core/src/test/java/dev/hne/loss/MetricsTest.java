package dev.hne.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
    void perModelAndEnsembleAccuracy() {
        int[] labels = {0, 1, 1};
        Tensor a = Tensor.of(new float[] {3, 0, 0, 1, 2, 0}, 3, 2);   // predicts 0, 1, 0: 2 of 3
        Tensor b = Tensor.of(new float[] {0, 1, 0, 5, 0, 4}, 3, 2);   // predicts 1, 1, 1: 2 of 3
        assertArrayEquals(new double[] {2 / 3.0, 2 / 3.0}, Metrics.perModelAccuracy(List.of(a, b), labels), 1e-12);
        // mean logits (1.5, 0.5), (0, 3), (1, 2): predicts 0, 1, 1: all right
        assertArrayEquals(new double[] {2 / 3.0, 1.0}, Metrics.ensembleAccuracyByN(List.of(a, b), labels), 1e-12);
    }
}
