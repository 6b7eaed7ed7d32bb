package dev.hne.anytime;

import dev.hne.cost.CostModel;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.Backends;
import dev.hne.engine.backend.cpu.CpuBackend;
import dev.hne.tree.Architectures;
import dev.hne.tree.HneTree;
import dev.hne.tree.TreeBuilder;
import dev.hne.tree.TreeSpec;
import java.util.Random;

/**
 * One anytime-latency workload: a tree in eval mode with fixed random weights, and a batch of
 * random images. {@link #run} is THE timed operation of both {@code ./hne bench} and the JMH
 * benchmark in {@code bench/}, so the two measure the same thing (and pick up every engine speed-up
 * behind the public API: {@code tree.eval()}, {@code Autograd.noGrad()}, {@code Anytime.evaluate}).
 * It lives here, not in the CLI, so that {@code bench/} needs hne-core's library only.
 *
 * <p>Devices: "cpu" or "cuda" ({@link #backend} makes it the run's default backend, so the tree's
 * parameters and every intermediate live there). A GPU call returns before the work is done, so
 * on CUDA {@link #run} copies the (batch, K) logits back to the host: JMH then times the work.
 */
public final class AnytimeWorkload {

    private final HneTree tree;
    private final Tensor x;
    private final double[] mmacs;   // the first n members' cost at n - 1

    private AnytimeWorkload(HneTree tree, Tensor x) {
        this.tree = tree;
        this.x = x;
        this.mmacs = CostModel.of(tree).anytimeCurve(LeafOrder.NATURAL);
    }

    /**
     * @param resolution input height = width, or null for the architecture's default (CIFAR 32,
     *                   ImageNet 224 for mobilenet-hne)
     */
    public static AnytimeWorkload create(String arch, int batch, Integer resolution, String device, long seed) {
        return create(arch, batch, resolution, backend(device), seed);
    }

    /** As {@link #create(String, int, Integer, String, long)}, on a backend already chosen. */
    public static AnytimeWorkload create(String arch, int batch, Integer resolution, Backend backend, long seed) {
        Architectures.Input d = Architectures.defaultInput(arch);
        Architectures.Input input = new Architectures.Input(d.channels(), resolution == null ? d.resolution() : resolution,
                d.classes());
        TreeSpec spec = Architectures.byName(arch, input);
        HneTree tree = TreeBuilder.hne(spec, seed);
        tree.to(backend);
        tree.eval();
        Tensor x = Tensor.randn(new Random(seed + 1), 1f, batch, input.channels(), input.resolution(),
                input.resolution()).to(backend);
        return new AnytimeWorkload(tree, x);
    }

    /**
     * The backend of a device name ("cpu" or "cuda"), made the default for new tensors. Without a
     * usable GPU "cuda" throws CudaUnavailableException naming the missing library.
     */
    public static Backend backend(String device) {
        return Backends.use(device);
    }

    /** The ensemble logits (batch, K) of the first n members: eval mode, no grad, natural order. */
    public Tensor run(int n) {
        try (var scope = Autograd.noGrad()) {
            Tensor logits = Anytime.evaluate(tree, x, n, LeafOrder.NATURAL).ensemble();
            if (!(logits.backend() instanceof CpuBackend)) {
                logits.toArray();   // waits for the GPU: the copy back is queued after the work
            }
            return logits;
        }
    }

    public int leaves() {
        return tree.leaves();
    }

    /** MMACs per image that the cost model predicts for the first n members, n in 1..leaves(). */
    public double mmacs(int n) {
        if (n < 1 || n > mmacs.length) {
            throw new IllegalArgumentException("n = " + n + " members is outside 1.." + mmacs.length);
        }
        return mmacs[n - 1];
    }

    public HneTree tree() {
        return tree;
    }
}
