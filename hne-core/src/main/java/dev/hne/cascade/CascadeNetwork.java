package dev.hne.cascade;

import dev.hne.anytime.StagedModel;
import dev.hne.engine.Tensor;
import dev.hne.policy.AdaptiveEvaluator;
import dev.hne.policy.ExitPolicy;
import dev.hne.policy.FixedStagePolicy;
import dev.hne.policy.StageFeatures;

/**
 * One network of a cascade: a model cut at its chosen stage ({@link FirstStages}), optionally
 * stopping each image earlier by its own early-exit policy (an HNE's members' policy, as paper 002
 * combines early exit with network selection). Running it on rows gives each row's answer and what
 * that row cost in this network.
 *
 * @param label  for tables: the --select entry
 * @param model  the network cut at its stage
 * @param inner  its own early-exit policy; {@link FixedStagePolicy} of the last stage when it has none
 */
public record CascadeNetwork(String label, StagedModel model, ExitPolicy inner) {

    /** A network without early exit: every image runs all of the model's stages. */
    public static CascadeNetwork whole(String label, StagedModel model) {
        return new CascadeNetwork(label, model, new FixedStagePolicy(model.stages()));
    }

    /** MMACs per image when every image runs to the last stage (the network's cost alone). */
    public double fullMMacs() {
        return model.cumulativeMMacs(model.stages());
    }

    /**
     * @param stopped  what each row answered and at which stage it stopped inside the network
     * @param mmacs    MMACs each row spent in this network
     */
    public record Ran(AdaptiveEvaluator.Stopped stopped, double[] mmacs) {

        public int classes() {
            return stopped.classes();
        }

        public int predictedClass(int row) {
            return stopped.predictedClass(row);
        }

        /**
         * What the selection policy sees after network {@code network} of {@code networks} for row
         * i: the usual {@link StageFeatures} of this network's answer, where "agreement" compares it
         * with the first network's class ({@code firstClass}, -1 for the first network itself). Every
         * image starts at the first network, so the feature does not depend on the path taken.
         */
        public StageFeatures features(int row, int firstClass, int network, int networks) {
            int k = classes();
            return StageFeatures.of(stopped.logits(), row * k, k, predictedClass(row), firstClass, network, networks);
        }
    }

    /** Runs rows x (N, C, H, W) through the network (no gradients; the module is in eval mode). */
    public Ran run(Tensor x) {
        AdaptiveEvaluator.Stopped s = AdaptiveEvaluator.runBatch(model, x, inner);
        double[] cost = new double[s.stage().length];
        for (int i = 0; i < cost.length; i++) cost[i] = model.cumulativeMMacs(s.stage()[i]);
        return new Ran(s, cost);
    }
}
