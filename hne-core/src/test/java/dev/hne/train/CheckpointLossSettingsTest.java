package dev.hne.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.hne.engine.Tensor;
import dev.hne.engine.optim.Sgd;
import dev.hne.loss.Objective;
import dev.hne.tree.Architectures;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint rebuilds its model with the run's own loss settings (alpha, T), not the defaults:
 * the rebuilt model's loss on a fixed batch equals the loss of the model the run trained, and a
 * model with the default alpha 0.5 and T 2 gives a different number (so the check can fail).
 */
class CheckpointLossSettingsTest {

    private static TrainConfig config(float alpha, float temperature) {
        return TrainConfig.builder("resnet-hne-small", "synthetic").levels(2).widthDivisor(8).sizes(32, 16)
                .objective(Objective.HIERARCHICAL_DISTILLATION).alpha(alpha).temperature(temperature).epochs(1).batch(8)
                .lr(0.05).milestones().seed(7).build();
    }

    private static double lossOn(TrainableModel model, Tensor x, int[] labels) {
        return model.trainingStep(x, labels).reportedLoss();
    }

    @Test
    void theRebuiltModelOptimisesTheCheckpointsAlphaAndTemperature(@TempDir Path dir) throws Exception {
        Architectures.Input input = new Architectures.Input(3, 32, 10);
        TrainConfig run = config(0.2f, 5f);
        TrainableModel trained = Models.build(run, input);
        Sgd sgd = new Sgd(trained.module().namedParameters(), new Sgd.Options(0.9f, 5e-4f, false, false));
        Path file = dir.resolve("last.safetensors");
        Checkpoints.save(file, trained, sgd, run, 1, List.of());

        Tensor x = Tensor.randn(new Random(3), 1f, 4, 3, 32, 32);
        int[] labels = {1, 7, 3, 0};
        TrainableModel rebuilt = Checkpoints.load(file).buildModel();
        double want = lossOn(trained, x, labels);
        assertEquals(want, lossOn(rebuilt, x, labels), 1e-6, "the run's alpha 0.2 and T 5");

        TrainableModel defaults = Models.build(config(0.5f, 2f), input);   // same seed: same weights
        assertNotEquals(want, lossOn(defaults, x, labels), 1e-3, "the defaults give another loss");
    }
}
