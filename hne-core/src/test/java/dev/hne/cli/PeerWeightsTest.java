package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hne.engine.io.SafeTensors;
import dev.hne.tree.Architectures;
import dev.hne.tree.TreeBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./hne bench --save-weights: the file the PyTorch peer of the GPU device check builds its tree from
 * (bench/peer/torch_hne.py). Where /usr/bin/python3 has torch, the peer itself runs on the CPU and
 * must reproduce our ensemble logits on the probe for every n: two independent implementations of
 * the same tree agreeing (skipped, saying so, where torch is missing).
 */
class PeerWeightsTest {

    @Test
    void theLayerTableListsEveryLayerWithItsStride() {
        // resnet-hne-small (DESIGN.md section 4, channels halved): block 0 = conv3x3 (3->8) + conv1x1 (8->32);
        // blocks 1-4 = a Branching layer (strides 1, 2, 2, 1) then 2, 3, 3, 4 ResNet layers (stride 1)
        String table = PeerWeights.layerTable(Architectures.byName("resnet-hne-small", Architectures.defaultInput("resnet-hne-small")));
        String[] rows = table.split(";");
        assertEquals(2 + 3 + 4 + 4 + 5, rows.length, table);
        assertEquals("0/0/CONV_BN_RELU/8/3/1", rows[0]);
        assertEquals("0/1/CONV_BN_RELU/32/1/1", rows[1]);
        assertEquals("1/0/RESNET_BRANCHING/32/3/1", rows[2]);
        assertEquals("2/0/RESNET_BRANCHING/64/3/2", rows[5]);
        assertEquals("2/1/RESNET/64/3/1", rows[6]);
        assertEquals("4/4/RESNET/128/3/1", rows[rows.length - 1]);
    }

    @Test
    void benchWritesTheWeightsAProbeAndOurLogitsAndThePeerReproducesThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("weights.safetensors");
        CliRun r = CliRun.of("bench", "--arch", "resnet-hne-small", "--batch", "1", "--n", "1", "--iterations", "1",
                "--warmup", "0", "--save-weights", file.toString());
        assertEquals(0, r.code(), r.err());
        dev.hne.engine.io.Checkpoint saved = SafeTensors.read(file);
        var state = TreeBuilder.hne(Architectures.byName("resnet-hne-small",
                Architectures.defaultInput("resnet-hne-small")), 1).stateDict();
        for (String name : state.keySet()) {
            assertArrayEquals(state.get(name).toArray(), saved.tensors().get(name).data(), name);   // the same seed's weights
        }
        assertArrayEquals(new int[] {16, 2, 10}, saved.tensors().get("probe.ensemble").shape());
        assertEquals("16", saved.metadata().get("leaves"));

        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3: the PyTorch peer not checked");
        Process has = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").redirectErrorStream(true).start();
        has.getInputStream().readAllBytes();
        assumeTrue(has.waitFor() == 0, "/usr/bin/python3 has no torch: the PyTorch peer not checked");
        Path peer = Path.of("../bench/peer/torch_hne.py").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(peer), "peer script not found at " + peer + " (run from hne-core)");
        Process p = new ProcessBuilder("/usr/bin/python3", peer.toString(), file.toString(), "--tolerance", "1e-4")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "peer did not finish");
        System.out.println(out);   // the largest difference, for docs/cuda.md
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("probe: max |ours - peer| over n = 1..16"), out);
    }
}
