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

    @Test
    void argmaxTakesTheFirstOfTiedClasses() {
        // Ties go to the lowest class index, as torch.argmax does on CPU; a tie not at class 0
        // (classes 1 and 2 of three) tells "first" from "last" and from "always 0".
        float[] z = {1f, 4f, 4f, /* row 2 */ 7f, 7f, 7f, /* row 3 */ -1f, -3f, 2f};
        assertEquals(1, Metrics.argmax(z, 0, 3));
        assertEquals(0, Metrics.argmax(z, 3, 3));
        assertEquals(2, Metrics.argmax(z, 6, 3));
        int[] labels = {1, 0, 2};
        assertEquals(1.0, Metrics.accuracy(Tensor.of(z, 3, 3), labels), 1e-12);
        assertEquals(2 / 3.0, Metrics.accuracy(Tensor.of(z, 3, 3), new int[] {2, 0, 2}), 1e-12);
    }

    @Test
    void ensembleAccuracyByNWithThreeModelsAndThreeClasses() {
        // Hand sums of the logits of the first n models, per sample (rows), classes 0..2:
        //   n = 1: (0,2,1) -> 1   (3,0,0) -> 0   (0,0,1) -> 2
        //   n = 2: (3,2,1) -> 0   (3,3,0) -> 0 (tie: first)   (0,2,1) -> 1
        //   n = 3: (3,2,4) -> 2   (3,3,5) -> 2   (0,2,3) -> 2
        Tensor m1 = Tensor.of(new float[] {0, 2, 1, 3, 0, 0, 0, 0, 1}, 3, 3);
        Tensor m2 = Tensor.of(new float[] {3, 0, 0, 0, 3, 0, 0, 2, 0}, 3, 3);
        Tensor m3 = Tensor.of(new float[] {0, 0, 3, 0, 0, 5, 0, 0, 2}, 3, 3);
        int[] labels = {0, 0, 2};
        // labels (0, 0, 2): n = 1 right on samples 1 and 2; n = 2 on 0 and 1; n = 3 on 2 only.
        assertArrayEquals(new double[] {2 / 3.0, 2 / 3.0, 1 / 3.0},
                Metrics.ensembleAccuracyByN(List.of(m1, m2, m3), labels), 1e-12);
        // labels (1, 0, 2): n = 1 right on all three; n = 2 on sample 1; n = 3 on sample 2.
        assertArrayEquals(new double[] {1.0, 1 / 3.0, 1 / 3.0},
                Metrics.ensembleAccuracyByN(List.of(m1, m2, m3), new int[] {1, 0, 2}), 1e-12);
    }
}
