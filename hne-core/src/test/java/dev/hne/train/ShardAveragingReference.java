package dev.hne.train;

import dev.hne.ann.AdaLoss;
import dev.hne.ann.AnnModel;
import dev.hne.ann.AnytimeNetwork;
import dev.hne.datasets.Batch;
import dev.hne.datasets.DataLoader;
import dev.hne.datasets.LoaderOptions;
import dev.hne.datasets.Shard;
import dev.hne.engine.Tensor;
import dev.hne.engine.nn.Parameter;
import dev.hne.engine.ops.CrossEntropy;
import dev.hne.engine.optim.LrSchedule;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The single-process reference of data-parallel training: ONE model steps through the shards of every
 * global batch one after the other, keeps each shard's gradients, and applies SGD to their plain
 * average (g_0 + g_1 + ... + g_{R-1}) * (1/R). No communicator, no GradientAverager: what R ranks must
 * reproduce. Assumes sizes for which the trainer drops incomplete batches (shard size >= 2 local batches).
 *
 * <p>An anytime network with AdaLoss: the exit weights of a step come from ONE AdaLoss owned here,
 * fed with the exit losses of the global batch, (l_i^0 + ... + l_i^{R-1}) / R, and every shard's
 * objective is sum_i B_i l_i^r with those same B_i (what docs/distributed.md promises; a rank that
 * fed its own losses to its own AdaLoss would use other weights).
 */
final class ShardAveragingReference {

    /** The result: parameters and statistics, and (anytime networks) the reference AdaLoss's running losses. */
    record Result(Map<String, Tensor> state, double[] adaLossAverages) {}

    private ShardAveragingReference() {}

    static Map<String, Tensor> train(TrainConfig c, int ranks, Path scratch) {
        return run(c, ranks, scratch).state();
    }

    static Result run(TrainConfig c, int ranks, Path scratch) {
        PrintWriter sink = new PrintWriter(new StringWriter());
        RunData data = RunData.open(c.data().dataset(), c.data().dir(), c.seed(), c.data().trainSize(), c.data().testSize(),
                c.data().holdout());
        try (Trainer t = new Trainer(c, scratch, sink, sink)) {
            List<DataLoader> shards = new ArrayList<>();
            for (int r = 0; r < ranks; r++) {
                shards.add(new DataLoader(t.trainSet(), data.trainTransform(), LoaderOptions.of(c.optim().batch() / ranks)
                        .withSeed(c.seed()).withShard(new Shard(r, ranks)).withLastBatch(LoaderOptions.LastBatch.DROP)));
            }
            Map<String, Parameter> params = t.model().module().namedParameters();
            AdaLoss adaLoss = c.isAnn() ? AdaLoss.paperDefaults(((AnnModel) t.model()).network().exits()) : null;
            LrSchedule schedule = Trainer.schedule(c.optim());
            t.model().module().train(true);
            for (int epoch = 0; epoch < c.optim().epochs(); epoch++) {
                List<List<Batch>> batches = new ArrayList<>();
                for (DataLoader shard : shards) {
                    List<Batch> list = new ArrayList<>();
                    try (DataLoader.Epoch e = shard.epoch(epoch)) {
                        e.forEach(list::add);
                    }
                    batches.add(list);
                }
                int steps = batches.get(0).size();
                for (int step = 0; step < steps; step++) {
                    List<Batch> global = new ArrayList<>();
                    for (int r = 0; r < ranks; r++) global.add(batches.get(r).get(step));
                    List<float[][]> grads = adaLoss == null ? hneGradients(t, global)
                            : annGradients(t, (AnnModel) t.model(), adaLoss, global);
                    int i = 0;
                    for (Parameter p : params.values()) {
                        float[] avg = grads.get(0)[i].clone();
                        for (int r = 1; r < ranks; r++) {
                            for (int k = 0; k < avg.length; k++) avg[k] += grads.get(r)[i][k];
                        }
                        for (int k = 0; k < avg.length; k++) avg[k] *= 1f / ranks;
                        p.value().setGrad(Tensor.of(avg, p.value().shape()));
                        i++;
                    }
                    t.optimizer().step((float) schedule.at(epoch, step, steps));
                }
            }
            shards.forEach(DataLoader::close);
            return new Result(t.model().module().stateDict(), adaLoss == null ? null : adaLoss.averages());
        }
    }

    /** Each shard's gradients of the model's own objective (an HNE's loss depends on its batch alone). */
    private static List<float[][]> hneGradients(Trainer t, List<Batch> shards) {
        List<float[][]> grads = new ArrayList<>();
        for (Batch b : shards) {
            t.optimizer().zeroGrad();
            t.model().trainingStep(Tensor.of(b.images(), b.shape()), b.labels()).objective().backward();
            grads.add(gradients(t));
        }
        return grads;
    }

    /** Each shard's gradients of sum_i B_i l_i^r, B_i from the global batch's mean exit losses. */
    private static List<float[][]> annGradients(Trainer t, AnnModel model, AdaLoss adaLoss, List<Batch> shards) {
        AnytimeNetwork net = model.network();
        List<Tensor[]> losses = new ArrayList<>();
        double[] globalMean = new double[net.exits()];
        for (Batch b : shards) {
            List<Tensor> exits = net.forwardExits(Tensor.of(b.images(), b.shape()));
            Tensor[] ce = new Tensor[exits.size()];
            for (int i = 0; i < ce.length; i++) {
                ce[i] = CrossEntropy.hard(exits.get(i), b.labels());
                globalMean[i] += ce[i].item();
            }
            losses.add(ce);
        }
        for (int i = 0; i < globalMean.length; i++) globalMean[i] /= shards.size();
        double[] weights = adaLoss.next(globalMean);
        List<float[][]> grads = new ArrayList<>();
        for (Tensor[] ce : losses) {
            t.optimizer().zeroGrad();
            Tensor objective = ce[0].scale((float) weights[0]);
            for (int i = 1; i < ce.length; i++) objective = objective.add(ce[i].scale((float) weights[i]));
            objective.backward();
            grads.add(gradients(t));
        }
        return grads;
    }

    private static float[][] gradients(Trainer t) {
        return t.model().module().namedParameters().values().stream().map(p -> p.grad().toArray())
                .toArray(float[][]::new);
    }
}
