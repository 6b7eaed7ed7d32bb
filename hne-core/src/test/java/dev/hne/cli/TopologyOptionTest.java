package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.io.SafeTensors;
import dev.hne.train.Checkpoints;
import dev.hne.train.Models;
import dev.hne.train.TrainableModel;
import dev.hne.tree.Architectures;
import dev.hne.tree.Topology;
import dev.hne.tree.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./hne train --topology}: the paper's Fig. 5 baselines (independent networks, multi-branch)
 * train, are recorded in the checkpoint, rebuild in {@code ./hne eval} and are costed as their
 * own shape; bad names are one-line user errors.
 */
class TopologyOptionTest {

    /** resnet-hne-small cut to 3 levels (N = 4), channels / 8, on 32x32 synthetic data. */
    private static String[] train(Path out, String... more) {
        String[] tree = {"--arch", "resnet-hne-small", "--levels", "3", "--width-divisor", "8", "--dataset", "synthetic",
                "--train-size", "32", "--test-size", "16", "--batch", "16", "--lr", "0.05", "--epochs", "1"};
        return CliRun.args("train", tree, out, more);
    }

    private static void assertOneLineError(CliRun r, String start) {
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith(start), r.err());
    }

    /** MMACs of n = 1..N from the last epoch's rows of a run's metrics.csv (epoch,n,mmacs,...). */
    private static double[] mmacs(Path metrics) throws Exception {
        List<String> lines = Files.readAllLines(metrics);
        return lines.subList(lines.size() - 4, lines.size()).stream()
                .mapToDouble(l -> Double.parseDouble(l.split(",")[2])).toArray();
    }

    @Test
    void independentNetworksTrainAndEvaluateAsFourSeparateMembers(@TempDir Path dir) throws Exception {
        CliRun hne = CliRun.of(train(dir.resolve("hne"), "--loss", "ihd"));
        assertEquals(0, hne.code(), hne.err());
        CliRun ind = CliRun.of(train(dir.resolve("ind"), "--loss", "ihd", "--topology", "independent"));
        assertEquals(0, ind.code(), ind.err());
        assertTrue(ind.out().contains("topology independent"), ind.out());

        Path last = dir.resolve("ind/last.safetensors");
        assertEquals("independent", SafeTensors.read(last).metadata().get("topology"));
        assertEquals(null, SafeTensors.read(dir.resolve("hne/last.safetensors")).metadata().get("topology"));
        TrainableModel model = Checkpoints.load(last).buildModel();   // fails to load if built as an HNE
        long onePath = TreeBuilder.build(Models.spec("resnet-hne-small", new Architectures.Input(3, 32, 10), 3, 8),
                Topology.single(3), 0).parameterCount();
        assertEquals(4 * onePath, model.module().parameterCount());   // four networks share nothing

        // Costs: n independent members cost n times one; the HNE's n = 1 is the same one path.
        double[] hneCost = mmacs(dir.resolve("hne/metrics.csv")), indCost = mmacs(dir.resolve("ind/metrics.csv"));
        assertEquals(hneCost[0], indCost[0], 1e-4);
        for (int n = 1; n <= 4; n++) {
            assertEquals(n * hneCost[0], indCost[n - 1], 1e-3, "n = " + n);
            assertEquals(n * hneCost[0], model.mmacs()[n - 1], 1e-3, "n = " + n);
        }
        assertTrue(hneCost[3] < indCost[3] - 0.01, "the HNE shares its trunk: " + hneCost[3] + " vs " + indCost[3]);

        CliRun eval = CliRun.of("eval", "--checkpoint", last.toString(), "--batch", "16");
        assertEquals(0, eval.code(), eval.err());
    }

    @Test
    void multiBranchSharesAllButTheLastTwoLevels(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of(train(dir, "--loss", "i", "--topology", "multi-branch"));
        assertEquals(0, r.code(), r.err());
        TrainableModel model = Checkpoints.load(dir.resolve("last.safetensors")).buildModel();
        long shared = TreeBuilder.build(Models.spec("resnet-hne-small", new Architectures.Input(3, 32, 10), 3, 8),
                Topology.multiBranch(3, 4, 1), 0).parameterCount();
        assertEquals(shared, model.module().parameterCount());
    }

    @Test
    void badTopologiesAreOneLineUserErrors(@TempDir Path dir) {
        assertOneLineError(CliRun.of(train(dir, "--topology", "tree")), "hne train: --topology: unknown topology 'tree'");
        assertOneLineError(CliRun.of(train(dir, "--topology", "multi-branch:x")),
                "hne train: --topology: unknown topology 'multi-branch:x'");
        assertOneLineError(CliRun.of(train(dir, "--topology", "multi-branch:3")),   // 3 levels: nothing left to branch
                "hne train: multi-branch: shared levels must be in [1, 2], got 3");
        String[] ann = CliRun.args("train", new String[] {"--arch", "ann-resnet-small", "--levels", "2", "--dataset",
                "synthetic", "--epochs", "1"}, dir, "--topology", "independent");
        assertOneLineError(CliRun.of(ann), "hne train: --topology independent is for HNE trees");
    }
}
