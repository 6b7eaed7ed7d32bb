package dev.hne.cli;

import dev.hne.engine.backend.Device;
import dev.hne.engine.Tensor;
import dev.hne.engine.dist.Communicator;
import dev.hne.engine.io.StateDictFile;
import dev.hne.loss.Objective;
import dev.hne.train.DataParallel;
import dev.hne.train.TrainConfig;
import dev.hne.train.Trainer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * The program the distributed tests launch under {@code mpirun} (DistributedTrainingTest): one rank of
 * a tiny HNE training through the real {@link Trainer} and {@link DistributedJob}, which then writes
 * ITS weights and statistics to {@code <out>/rank-<r>.safetensors} so the test can compare ranks.
 *
 * <pre>
 *   args: out trainSize globalBatch epochs syncBn(true|false) fail(none|throw|kill) [model(hne|ann)]
 *   model = ann:  the anytime network with AdaLoss weights ({@link #annConfig}); its AdaLoss state is
 *                 the metadata of rank-r.safetensors
 *   fail = throw: rank 1 throws right after start-up (rank 0 then waits in its first all-reduce)
 *   fail = kill:  rank 1 sends itself SIGKILL at the same point
 * </pre>
 */
public final class DistributedProbe {

    private DistributedProbe() {}

    /** The tiny run every distributed test trains: resnet-hne-small, 2 levels, channels / 8, synthetic data. */
    public static TrainConfig config(int trainSize, int batch, int epochs) {
        return TrainConfig.builder("resnet-hne-small", "synthetic").levels(2).widthDivisor(8).sizes(trainSize, 8)
                .objective(Objective.HIERARCHICAL_DISTILLATION).epochs(epochs).batch(batch).lr(0.05).milestones().seed(3)
                .build();
    }

    /** The same for an anytime network: ann-resnet-small, 3 stages (3 exits), channels / 8, AdaLoss weights. */
    public static TrainConfig annConfig(int trainSize, int batch, int epochs) {
        return TrainConfig.builder("ann-resnet-small", "synthetic").levels(3).widthDivisor(8).sizes(trainSize, 8)
                .objective(Objective.INDEPENDENT).epochs(epochs).batch(batch).lr(0.05).milestones().seed(3).build();
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        boolean ann = args.length > 6 && args[6].equals("ann");
        int trainSize = Integer.parseInt(args[1]), batch = Integer.parseInt(args[2]), epochs = Integer.parseInt(args[3]);
        TrainConfig config = ann ? annConfig(trainSize, batch, epochs) : config(trainSize, batch, epochs);
        boolean syncBn = Boolean.parseBoolean(args[4]);
        String fail = args[5];
        Communicator comm = DistributedJob.join(true, Device.CPU);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = DistributedJob.run(comm, err, () -> {
            PrintWriter sink = new PrintWriter(new StringWriter());
            try (Trainer trainer = new Trainer(config, out, sink, sink, new DataParallel(comm, syncBn))) {
                if (comm.rank() == 1 && fail.equals("throw")) {
                    throw new IllegalStateException("probe: rank 1 fails on purpose");
                }
                if (comm.rank() == 1 && fail.equals("kill")) {
                    new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).start().waitFor();
                }
                trainer.withReports(false).run();
                Map<String, Tensor> state = trainer.model().module().stateDict();
                StateDictFile.save(out.resolve("rank-" + comm.rank() + ".safetensors"), state,
                        trainer.model().trainingState());   // AdaLoss: its running losses, to compare ranks
            }
            return 0;
        });
        System.exit(code);
    }
}
