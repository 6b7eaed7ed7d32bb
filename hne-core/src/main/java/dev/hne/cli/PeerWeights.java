package dev.hne.cli;

import dev.hne.anytime.Anytime;
import dev.hne.anytime.LeafOrder;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.io.HostTensor;
import dev.hne.engine.io.SafeTensors;
import dev.hne.tree.HneTree;
import dev.hne.tree.LayerSpec;
import dev.hne.tree.TreeSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What a peer implementation needs to build the same tree as {@code ./hne bench} and to prove it
 * did (bench/peer/torch_hne.py, the PyTorch+cuDNN side of the GPU device check): one safetensors
 * file with the tree's state dict under our names, and in its metadata the layer table (so the peer
 * needs no copy of our architecture definitions). Two more tensors are the proof: {@code probe.input}
 * (2, C, H, W) and {@code probe.ensemble} (N, 2, K), our ensemble logits of the first n = 1..N
 * members on that input; the peer computes the same and reports the largest difference.
 *
 * <p>Layer table, metadata {@code layers}: one entry per layer, ";"-separated,
 * {@code level/index/TYPE/out_channels/kernel/stride} (the stride of that copy of a repeated row).
 */
final class PeerWeights {

    private PeerWeights() {}

    static void write(Path file, String arch, HneTree tree, long seed) throws IOException {
        TreeSpec spec = tree.spec();
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tree.stateDict().entrySet()) {
            tensors.put(e.getKey(), new HostTensor(e.getValue().shape(), e.getValue().toArray()));
        }
        int k = spec.classes();
        Tensor probe = Tensor.randn(new Random(seed + 2), 1f, 2, spec.inChannels(), spec.resolution(), spec.resolution());
        float[] ensembles = new float[tree.leaves() * 2 * k];
        try (var scope = Autograd.noGrad()) {
            for (int n = 1; n <= tree.leaves(); n++) {
                float[] logits = Anytime.evaluate(tree, probe, n, LeafOrder.NATURAL).ensemble().toArray();
                System.arraycopy(logits, 0, ensembles, (n - 1) * 2 * k, 2 * k);
            }
        }
        tensors.put("probe.input", new HostTensor(probe.shape(), probe.toArray()));
        tensors.put("probe.ensemble", new HostTensor(new int[] {tree.leaves(), 2, k}, ensembles));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "hne-peer-weights/1");
        meta.put("arch", arch);
        meta.put("in_channels", "" + spec.inChannels());
        meta.put("resolution", "" + spec.resolution());
        meta.put("classes", "" + k);
        meta.put("leaves", "" + tree.leaves());
        meta.put("layers", layerTable(spec));
        SafeTensors.write(file, tensors, meta);
    }

    /** level/index/TYPE/out/kernel/stride per layer, in state-dict order. */
    static String layerTable(TreeSpec spec) {
        List<String> rows = new ArrayList<>();
        for (int level = 0; level < spec.blocks().size(); level++) {
            int index = 0;
            for (LayerSpec row : spec.blocks().get(level)) {
                for (int i = 0; i < row.repeats(); i++) {
                    rows.add(level + "/" + index++ + "/" + row.type() + "/" + row.outChannels() + "/" + row.kernel() + "/"
                            + row.strideOf(i));
                }
            }
        }
        return String.join(";", rows);
    }
}
