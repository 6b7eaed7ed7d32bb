package dev.hne.bench;

import dev.hne.anytime.AnytimeWorkload;
import dev.hne.engine.Tensor;
import dev.hne.engine.optim.Sgd;
import dev.hne.loss.HneLoss;
import dev.hne.loss.LossConfig;
import dev.hne.loss.Objective;
import dev.hne.tree.Architectures;
import dev.hne.tree.HneTree;
import dev.hne.tree.TreeBuilder;
import java.util.Random;

/**
 * One full-tree training step of an HNE as the trainer runs it: forward of all N leaves in training
 * mode, the paper's L_I + L_HD (T = 2, soft terms times T^2, teacher detached), backward, and SGD
 * with momentum 0.9 and weight decay 5e-4 (the CIFAR recipe) at lr 0.1. The same random batch and
 * labels every step: the data loader is not part of what is timed. Shared by
 * {@link TrainStepBenchmark} and {@link TrainStepMemory}.
 */
final class TrainStepWorkload {

    final HneTree tree;
    private final Sgd sgd;
    private final Tensor x;
    private final int[] labels;
    private final LossConfig loss = LossConfig.of(Objective.HIERARCHICAL_DISTILLATION);

    TrainStepWorkload(String arch, int batch, String device, long seed) {
        Architectures.Input input = Architectures.defaultInput(arch);
        tree = TreeBuilder.hne(Architectures.byName(arch, input), seed);
        tree.to(AnytimeWorkload.backend(device));
        tree.train(true);
        sgd = new Sgd(tree.namedParameters(), new Sgd.Options(0.9f, 5e-4f, false, true));
        Random rng = new Random(seed + 1);
        x = Tensor.randn(rng, 1f, batch, input.channels(), input.resolution(), input.resolution())
                .to(AnytimeWorkload.backend(device));
        labels = rng.ints(batch, 0, input.classes()).toArray();
    }

    /** Forward, loss, backward, SGD update; returns the loss before the update. */
    float step() {
        return finish(forward());
    }

    /** The forward pass and the loss (its graph holds what backward will read). */
    Tensor forward() {
        return HneLoss.compute(loss, tree.forwardAll(x), labels);
    }

    /** Backward from the loss {@link #forward} returned, and the SGD update; returns the loss. */
    float finish(Tensor l) {
        sgd.zeroGrad();
        l.backward();
        sgd.step(0.1f);
        return l.item();
    }
}
