package dev.hne.train;

import dev.hne.datasets.Batch;
import dev.hne.datasets.DataLoader;
import dev.hne.datasets.LoaderOptions;
import dev.hne.datasets.Shard;
import dev.hne.engine.Tensor;
import dev.hne.engine.nn.Parameter;
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
 */
final class ShardAveragingReference {

    private ShardAveragingReference() {}

    static Map<String, Tensor> train(TrainConfig c, int ranks, Path scratch) {
        PrintWriter sink = new PrintWriter(new StringWriter());
        RunData data = RunData.open(c.dataset(), c.dataDir(), c.seed(), c.trainSize(), c.testSize(), c.holdout());
        try (Trainer t = new Trainer(c, scratch, sink, sink)) {
            List<DataLoader> shards = new ArrayList<>();
            for (int r = 0; r < ranks; r++) {
                shards.add(new DataLoader(t.trainSet(), data.trainTransform(), LoaderOptions.of(c.batch() / ranks)
                        .withSeed(c.seed()).withShard(new Shard(r, ranks)).withLastBatch(LoaderOptions.LastBatch.DROP)));
            }
            Map<String, Parameter> params = t.model().module().namedParameters();
            LrSchedule schedule = Trainer.schedule(c);
            t.model().module().train(true);
            for (int epoch = 0; epoch < c.epochs(); epoch++) {
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
                    List<float[][]> grads = new ArrayList<>();
                    for (int r = 0; r < ranks; r++) {
                        t.optimizer().zeroGrad();
                        Batch b = batches.get(r).get(step);
                        t.model().trainingStep(Tensor.of(b.images(), b.shape()), b.labels()).objective().backward();
                        grads.add(params.values().stream().map(p -> p.grad().toArray()).toArray(float[][]::new));
                    }
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
            return t.model().module().stateDict();
        }
    }
}
