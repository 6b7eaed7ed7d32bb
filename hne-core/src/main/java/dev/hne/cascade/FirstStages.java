package dev.hne.cascade;

import dev.hne.anytime.StagedModel;
import dev.hne.anytime.StagedRun;
import dev.hne.engine.Tensor;

/**
 * The first k stages of a staged model as a model of its own: an HNE evaluated with n = k members,
 * or an anytime network stopped at exit k. Its last stage is stage k, so an example that reaches it
 * stops there, and its cost is the cost of those k stages.
 */
public record FirstStages(StagedModel model, int stages) implements StagedModel {

    public FirstStages {
        if (stages < 1 || stages > model.stages()) {
            throw new IllegalArgumentException("cannot keep " + stages + " of " + model.stages() + " stages");
        }
    }

    @Override
    public double cumulativeMMacs(int stage) {
        if (stage > stages) {
            throw new IllegalArgumentException("stage " + stage + " is past the cut at " + stages);
        }
        return model.cumulativeMMacs(stage);
    }

    @Override
    public int member(int stage) {
        return model.member(stage);   // a prefix adds the same members as the whole
    }

    @Override
    public boolean isEnsemble() {
        return model.isEnsemble();
    }

    @Override
    public StagedRun start(Tensor x) {
        return model.start(x);   // the caller advances at most `stages` times
    }
}
