package dev.hne.train;

import dev.hne.cli.DistributedProbe;
import dev.hne.engine.Tensor;
import dev.hne.engine.dist.Communicator;
import dev.hne.engine.dist.MpiCommunicator;
import dev.hne.engine.io.StateDictFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The program {@link DistributedStopTest} launches under {@code mpirun}: one rank of the tiny
 * distributed run of {@link DistributedProbe#config} (2 epochs of 4 steps on 2 ranks), which then
 * writes its weights, statistics and velocities to {@code <out>/rank-<r>.safetensors}.
 *
 * <pre>
 *   args: out mode
 *   mode = straight: train both epochs
 *   mode = stop:     rank 1 ALONE gets a stop request after step 2 of epoch 2 (as if SIGTERM reached it
 *                    first); every rank must stop at that step; exit code = the stop's
 *   mode = resume:   --resume, then train to the end
 * </pre>
 */
public final class StopProbe {

    private StopProbe() {}

    static TrainConfig config() {
        return DistributedProbe.config(32, 8, 2);
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        String mode = args[1];
        Communicator comm = MpiCommunicator.init();
        int code = 0;
        PrintWriter sink = new PrintWriter(new StringWriter());
        try (Trainer t = new Trainer(config(), out, sink, sink, new DataParallel(comm, false)).withReports(false)) {
            StopRequest stop = new StopRequest();
            t.withStopRequest(stop);
            if (mode.equals("stop") && comm.rank() == 1) {
                t.withStepListener((epoch, done) -> {
                    if (epoch == 1 && done == 2) stop.request("SIGTERM", 143);
                });
            }
            if (mode.equals("resume")) {
                t.resume();
            }
            try {
                t.run();
            } catch (TrainingStopped e) {
                System.err.println("rank " + comm.rank() + ": " + e.getMessage());
                code = e.exitCode();
            }
            Map<String, Tensor> state = new LinkedHashMap<>(t.model().module().stateDict());
            t.optimizer().state().forEach((k, v) -> state.put(Checkpoints.VELOCITY_PREFIX + k, v));
            StateDictFile.save(out.resolve("rank-" + comm.rank() + ".safetensors"), state, Map.of());
        } catch (Throwable e) {
            e.printStackTrace();
            comm.abort(1);
        }
        comm.close();
        System.exit(code);
    }
}
