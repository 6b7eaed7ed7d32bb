package dev.hne.tree;

import dev.hne.engine.Memory;
import dev.hne.engine.Tensor;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.nn.Module;
import java.util.ArrayList;
import java.util.List;

/**
 * One level of the tree (one block of the paper): its layers, in order, each holding the
 * parameters of all of the level's branches. Children are named "0", "1", ... per layer (repeated
 * rows expanded), so state-dict keys read {@code blocks.2.0.reduce.conv.weight}.
 */
final class Level extends Module implements BranchLayer {

    private final int branches;
    private final List<BranchLayer> layers = new ArrayList<>();

    Level(int branches) {
        this.branches = branches;
    }

    void add(BranchLayer layer) {
        register(Integer.toString(layers.size()), (Module) layer);   // every BranchLayer is a Module
        layers.add(layer);
    }

    int branches() {
        return branches;
    }

    boolean isEmpty() {
        return layers.isEmpty();
    }

    @Override
    public Tensor forward(Tensor x, Branches b, ExecutionMode mode) {
        // Without a graph (no-grad), the outputs between two layers are dead once the level has run:
        // the scope releases them; the level's input was made outside it, its output is kept.
        try (var scope = Memory.scope()) {
            for (BranchLayer layer : layers) x = layer.forward(x, b, mode);
            return scope.keep(x);
        }
    }

    /** Every layer's, in order, each at the resolution the one before hands on. */
    @Override
    public List<ConvGeometry> convolutions(int resolution) {
        List<ConvGeometry> convs = new ArrayList<>();
        for (BranchLayer layer : layers) {
            List<ConvGeometry> own = layer.convolutions(resolution);
            convs.addAll(own);
            resolution = own.get(own.size() - 1).outHeight();   // the layer's output: its last convolution's
        }
        return convs;
    }

    /** Parameters of ONE branch: every branch holds the same shapes. */
    long branchParameters() {
        return parameterCount() / branches;
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, Branches.all(branches), ExecutionMode.standalone(isTraining()));
    }
}
