package dev.hne.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.nn.BatchNorm2d;
import dev.hne.engine.nn.Conv2d;
import dev.hne.engine.nn.Linear;
import dev.hne.engine.nn.Module;
import dev.hne.engine.nn.Sequential;
import dev.hne.engine.ops.CrossEntropy;
import dev.hne.engine.ops.GlobalAvgPool;
import dev.hne.engine.optim.Sgd;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A small conv net with batch norm, grouped and depthwise convolutions learns a generated problem
 * with the real SGD: four kinds of 12x12 strokes (horizontal, vertical, diagonal, anti-diagonal) at
 * random places on a noisy background.
 */
class EndToEndTrainingTest {

    private static final int SIZE = 12, CLASSES = 4;

    /** Draws one sample of class {@code label} into x at sample index i. */
    private static void draw(Random rng, int label, float[] x, int i) {
        int base = i * SIZE * SIZE;
        for (int p = 0; p < SIZE * SIZE; p++) x[base + p] = (float) (rng.nextGaussian() * 0.3);
        int r = 2 + rng.nextInt(SIZE - 4), c = 2 + rng.nextInt(SIZE - 4);
        for (int t = -2; t <= 2; t++) {
            int y = switch (label) { case 0 -> r; case 1 -> r + t; case 2 -> r + t; default -> r + t; };
            int xx = switch (label) { case 0 -> c + t; case 1 -> c; case 2 -> c + t; default -> c - t; };
            x[base + y * SIZE + xx] += 1.5f;
        }
    }

    private static Module network(Random rng) {
        return new Sequential(
                new Conv2d(rng, 1, 8, 3, 1, 1, 1), new BatchNorm2d(8), Sequential.of(Tensor::relu),
                new Conv2d(rng, 8, 16, 3, 2, 1, 2), new BatchNorm2d(16), Sequential.of(Tensor::relu),
                new Conv2d(rng, 16, 16, 3, 1, 1, 16), new BatchNorm2d(16), Sequential.of(Tensor::relu),
                Sequential.of(GlobalAvgPool::apply), new Linear(rng, 16, CLASSES));
    }

    @Test
    void aConvNetWithBatchNormLearnsAGeneratedProblem() {
        Random rng = new Random(42);
        Module net = network(rng);
        Sgd sgd = new Sgd(net.namedParameters(), new Sgd.Options(0.9f, 1e-4f, true, false));
        int batch = 32, steps = 150;
        float firstLoss = 0, lastLoss = 0;
        for (int step = 0; step < steps; step++) {
            float[] x = new float[batch * SIZE * SIZE];
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = rng.nextInt(CLASSES);
                draw(rng, labels[i], x, i);
            }
            Tensor loss = CrossEntropy.hard(net.forward(Tensor.of(x, batch, 1, SIZE, SIZE)), labels);
            sgd.zeroGrad();
            loss.backward();
            sgd.step(0.05f);
            if (step < 10) firstLoss += loss.item() / 10;
            if (step >= steps - 10) lastLoss += loss.item() / 10;
        }

        net.eval();
        int n = 400, correct = 0;
        float[] x = new float[n * SIZE * SIZE];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % CLASSES;
            draw(rng, labels[i], x, i);
        }
        try (var scope = Autograd.noGrad()) {
            float[] logits = net.forward(Tensor.of(x, n, 1, SIZE, SIZE)).toArray();
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int k = 1; k < CLASSES; k++) if (logits[i * CLASSES + k] > logits[i * CLASSES + best]) best = k;
                if (best == labels[i]) correct++;
            }
        }
        double accuracy = (double) correct / n;
        assertTrue(lastLoss < 0.4 * firstLoss, "loss should fall well below its start: " + firstLoss + " -> " + lastLoss);
        assertTrue(accuracy > 0.85, "held-out accuracy " + accuracy + " (chance is 0.25)");
    }
}
